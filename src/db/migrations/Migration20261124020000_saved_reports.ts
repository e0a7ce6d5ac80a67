import { Migration } from '@mikro-orm/migrations';

/** Saved report definitions of the leading-group office and others. */
export class Migration20261124020000_saved_reports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "core"."saved_report" ("id" bigserial primary key, "name" varchar(200) not null, "description" varchar(1000) null, "owner_id" varchar(80) not null, "shared_with_roles" text[] not null default '{}', "definition" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "saved_report_owner_id_index" on "core"."saved_report" ("owner_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "core"."saved_report";`);
  }
}
