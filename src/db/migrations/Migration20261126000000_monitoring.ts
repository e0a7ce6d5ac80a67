import { Migration } from '@mikro-orm/migrations';

/**
 * Monitoring (数据比对预警): rule parameters per region and year, warnings as cases, and a record
 * of every run. `live` marks the one warning per (rule, dedupe key) whose condition the latest
 * run still produced; the partial unique index makes re-runs idempotent.
 */
export class Migration20261126000000_monitoring extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "monitoring";`);
    this.addSql(`create table "monitoring"."rule_parameter" ("id" bigserial primary key, "rule_code" varchar(64) not null, "name" varchar(64) not null, "region_prefix" varchar(12) not null default '', "year" smallint null, "value" numeric(14,4) not null, "updated_by" varchar(80) not null, "updated_at" timestamptz not null default now());`);
    this.addSql(`create unique index "rule_parameter_scope_unique" on "monitoring"."rule_parameter" ("rule_code", "name", "region_prefix", coalesce("year", 0));`);
    this.addSql(`create table "monitoring"."monitoring_run" ("id" bigserial primary key, "year" smallint not null, "as_of" date not null, "triggered_by" varchar(80) not null, "started_at" timestamptz not null default now(), "finished_at" timestamptz null, "total_ms" int null, "rules" jsonb not null default '[]');`);
    this.addSql(`create table "monitoring"."warning" ("id" bigserial primary key, "rule_code" varchar(64) not null, "dedupe_key" varchar(200) not null, "household_id" bigint not null, "person_ids" bigint[] not null default '{}', "evidence" jsonb not null default '[]', "status" varchar(16) not null default 'OPEN', "live" boolean not null default true, "detected_at" timestamptz not null default now(), "evidence_updated_at" timestamptz not null default now(), "first_run_id" bigint null, "status_changed_at" timestamptz null, "status_changed_by" varchar(80) null, "status_reason" varchar(1000) null);`);
    this.addSql(`create unique index "warning_live_key_unique" on "monitoring"."warning" ("rule_code", "dedupe_key") where "live";`);
    this.addSql(`create index "warning_household_id_index" on "monitoring"."warning" ("household_id");`);
    this.addSql(`create index "warning_rule_status_index" on "monitoring"."warning" ("rule_code", "status");`);
    this.addSql(`alter table "monitoring"."warning" add constraint "warning_household_id_foreign" foreign key ("household_id") references "core"."household" ("id") on update cascade;`);
    this.addSql(`alter table "monitoring"."warning" add constraint "warning_status_check" check ("status" in ('OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'DISMISSED'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists "monitoring" cascade;`);
  }
}
