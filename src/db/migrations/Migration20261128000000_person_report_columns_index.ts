import { Migration } from '@mikro-orm/migrations';

/**
 * A narrow copy of the person columns reports group and count by (household, gender, birth date),
 * keyed by id: a report over the whole county reads this 47 MB index (index-only) instead of the
 * 194 MB person table at 1M persons. Q3 (persons on active 低保 by township × gender) at two
 * concurrent callers: p50 302 → 186 ms (docs/benchmarks.md). Reports plan with
 * `random_page_cost` lowered so the planner sees the index scan as what it is on cached data
 * (run-report.ts).
 */
export class Migration20261128000000_person_report_columns_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "person_id_report_columns_index" on "core"."person" ("id") include ("household_id", "gender", "birth_date");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "core"."person_id_report_columns_index";`);
  }
}
