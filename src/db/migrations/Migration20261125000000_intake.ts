import { Migration } from '@mikro-orm/migrations';

/**
 * Intake support in `core`: data-quality issues raised while resolving identities, and the
 * history of every change to a department record (kept by a trigger each department table gets
 * when intake first writes it, see src/ingest/history-trigger.ts).
 */
export class Migration20261125000000_intake extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "core"."data_quality_issue" (
      "id" bigserial primary key,
      "kind" varchar(32) not null,
      "person_id" bigint null references "core"."person" ("id") on update cascade,
      "department" varchar(32) not null,
      "record_table" varchar(80) not null,
      "source_record_id" varchar(64) not null,
      "stated_value" varchar(200) not null,
      "stored_value" varchar(200) null,
      "status" varchar(16) not null default 'OPEN',
      "raised_by" varchar(80) null,
      "raised_at" timestamptz not null default now(),
      "resolved_by" varchar(80) null,
      "resolved_at" timestamptz null,
      "resolution_note" varchar(1000) null);`);
    // One issue per record and contradiction: re-importing the same file raises nothing new,
    // and a resolved issue stays resolved.
    this.addSql(`create unique index "data_quality_issue_once" on "core"."data_quality_issue" ("kind", "record_table", "source_record_id", "stated_value");`);
    this.addSql(`create index "data_quality_issue_status_index" on "core"."data_quality_issue" ("status", "id");`);
    this.addSql(`create index "data_quality_issue_person_index" on "core"."data_quality_issue" ("person_id");`);

    this.addSql(`create table "core"."record_history" (
      "id" bigserial primary key,
      "record_schema" varchar(63) not null,
      "record_table" varchar(63) not null,
      "record_id" bigint not null,
      "source_record_id" varchar(64) not null,
      "version" int not null,
      "previous" jsonb not null,
      "changed_fields" text[] not null,
      "changed_by" varchar(80) null,
      "changed_at" timestamptz not null default now());`);
    this.addSql(`create index "record_history_record_index" on "core"."record_history" ("record_schema", "record_table", "source_record_id", "version");`);
    this.addSql(`create index "record_history_record_id_index" on "core"."record_history" ("record_schema", "record_table", "record_id");`);
    // The caller comes from \`set local caregraph.caller\` of the writing transaction.
    this.addSql(`create or replace function "core"."keep_record_history"() returns trigger language plpgsql as $$
      declare changed text[];
      begin
        select coalesce(array_agg(n.key order by n.key), '{}') into changed
          from jsonb_each(to_jsonb(new)) n join jsonb_each(to_jsonb(old)) o using (key)
          where n.value is distinct from o.value
            and n.key not in ('updated_at', 'version', 'ingested_by', 'source_updated_at');
        insert into core.record_history (record_schema, record_table, record_id, source_record_id, version, previous, changed_fields, changed_by)
          values (TG_TABLE_SCHEMA, TG_TABLE_NAME, old.id, old.source_record_id, old.version, to_jsonb(old), changed,
                  nullif(current_setting('caregraph.caller', true), ''));
        if TG_OP = 'DELETE' then return old; end if;
        return new;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists "core"."keep_record_history"() cascade;`);
    this.addSql(`drop table if exists "core"."record_history";`);
    this.addSql(`drop table if exists "core"."data_quality_issue";`);
  }
}
