import { Migration } from '@mikro-orm/migrations';

/** The per-person audit trail: who saw which sensitive field of whom, when and why (never the value). */
export class Migration20261124010000_audit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "core"."audit_event" ("id" bigserial primary key, "at" timestamptz not null default now(), "request_id" varchar(64) not null, "caller_id" varchar(80) not null, "caller_name" varchar(100) not null, "purpose" varchar(32) null, "operation_name" varchar(100) null, "person_id" bigint null, "household_id" bigint null, "field" varchar(100) not null);`);
    this.addSql(`create index "audit_event_person_id_at_index" on "core"."audit_event" ("person_id", "at");`);
    this.addSql(`create index "audit_event_caller_id_at_index" on "core"."audit_event" ("caller_id", "at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "core"."audit_event";`);
  }
}
