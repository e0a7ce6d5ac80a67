import { Migration } from '@mikro-orm/migrations';

const provenance = `"id" bigserial primary key, "person_id" bigint not null references "core"."person" ("id") on update cascade, "source_record_id" varchar(64) not null unique, "source_department" varchar(32) not null default 'hrss', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1`;
const postRef = `"post_id" bigint not null references "hrss"."post" ("id") on update cascade`;

/** Creates the `hrss` Postgres schema (人社 public-welfare mutual-aid posts) and its tables. */
export class Migration20261125000000_hrss extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "hrss";`);
    this.addSql(`create table "hrss"."post" (${provenance}, "post_type" varchar(16) not null, "village_code" varchar(12) not null, "work_pattern" varchar(16) not null, "subsidy_kind" varchar(32) not null, "monthly_subsidy" numeric(12,2) not null, "start_date" date not null, "end_date" date null, "status" varchar(16) not null);`);
    this.addSql(`create table "hrss"."pairing" (${provenance}, "helper_person_id" bigint not null references "core"."person" ("id") on update cascade, ${postRef}, "services" varchar(200) null, "start_date" date not null, "end_date" date null);`);
    this.addSql(`create table "hrss"."attendance" (${provenance}, ${postRef}, "month" date not null, "days_required" smallint not null, "days_present" smallint not null);`);
    this.addSql(`create table "hrss"."assessment" (${provenance}, ${postRef}, "period_end" date not null, "result" varchar(24) not null, "score" smallint null, "assessor" varchar(50) null);`);
    for (const table of ['post', 'pairing', 'attendance', 'assessment']) {
      this.addSql(`create index "${table}_person_id_index" on "hrss"."${table}" ("person_id");`);
    }
    this.addSql(`create index "post_village_code_index" on "hrss"."post" ("village_code");`);
    this.addSql(`create index "pairing_helper_person_id_index" on "hrss"."pairing" ("helper_person_id");`);
    for (const table of ['pairing', 'attendance', 'assessment']) {
      this.addSql(`create index "${table}_post_id_index" on "hrss"."${table}" ("post_id");`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists "hrss" cascade;`);
  }
}
