import { Migration } from '@mikro-orm/migrations';

/**
 * The person carries its household's division code (`core.person.region_code`), kept by
 * triggers, so "persons of a township" — every region-scoped list and the `regionCode` filter —
 * is one index-only range over `person (region_code) include (id, household_id)` instead of
 * households → members (a township at 1M persons: 43k households → 133k persons, 76 → 27 ms;
 * Q2's count 186 → ~100 ms; docs/benchmarks.md). Report region dimensions read it
 * too, so a report without household dimensions joins no household row; the reports' narrow
 * index carries it.
 *
 * Not writable by callers: a BEFORE trigger derives it from the household on every insert and
 * on every update of `household_id` or `region_code` (a direct write is overwritten); an AFTER
 * trigger on the household copies a changed region code to its members. The household row is
 * read `for share`, so a member inserted while its household moves waits for the move and reads
 * the new code (a key-share lock, which the foreign key takes, would not wait for it).
 * A person without a household has no region code and lies in no region, as before.
 */
export class Migration20261129000000_person_region_code extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "core"."person" add column "region_code" varchar(12) null;`);
    this.addSql(`comment on column "core"."person"."region_code" is 'Division code of the person''s household (kept by triggers; null without a household)';`);
    this.addSql(`update "core"."person" p set "region_code" = h."region_code" from "core"."household" h where h."id" = p."household_id";`);
    // household_id too: a list's household join, even when PostgreSQL removes it as unused, still
    // counts the column as read, and without it the scan leaves the index for the table.
    this.addSql(`create index "person_region_code_covering_index" on "core"."person" ("region_code") include ("id", "household_id");`);
    // Reports group by the person's code now (no household join): the reports' narrow index carries it.
    this.addSql(`drop index "core"."person_id_report_columns_index";`);
    this.addSql(`create index "person_id_report_columns_index" on "core"."person" ("id") include ("household_id", "gender", "birth_date", "region_code");`);
    this.addSql(`create or replace function "core"."person_region_code_from_household"() returns trigger language plpgsql as $$
      begin
        new.region_code := (select h.region_code from core.household h where h.id = new.household_id for share);
        return new;
      end $$;`);
    this.addSql(`create trigger "person_region_code" before insert or update of "household_id", "region_code" on "core"."person"
      for each row execute function "core"."person_region_code_from_household"();`);
    this.addSql(`create or replace function "core"."household_region_code_to_members"() returns trigger language plpgsql as $$
      begin
        update core.person set region_code = new.region_code where household_id = new.id;
        return null;
      end $$;`);
    this.addSql(`create trigger "household_region_code_to_members" after update of "region_code" on "core"."household"
      for each row when (old.region_code is distinct from new.region_code) execute function "core"."household_region_code_to_members"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "household_region_code_to_members" on "core"."household";`);
    this.addSql(`drop function "core"."household_region_code_to_members"();`);
    this.addSql(`drop trigger "person_region_code" on "core"."person";`);
    this.addSql(`drop function "core"."person_region_code_from_household"();`);
    this.addSql(`drop index "core"."person_id_report_columns_index";`);
    this.addSql(`alter table "core"."person" drop column "region_code";`);
    this.addSql(`create index "person_id_report_columns_index" on "core"."person" ("id") include ("household_id", "gender", "birth_date");`);
  }
}
