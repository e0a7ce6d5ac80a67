import { Migration } from '@mikro-orm/migrations';

/** Creates the `disability` Postgres schema and its tables. */
export class Migration20261123020000_disability extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "disability";`);
    this.addSql(`create table "disability"."subsidy" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'disability', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "kind" varchar(16) not null, "monthly_amount" numeric(12,2) not null, "start_date" date not null, "end_date" date null, "status" varchar(16) not null);`);
    this.addSql(`create index "subsidy_person_id_index" on "disability"."subsidy" ("person_id");`);
    this.addSql(`alter table "disability"."subsidy" add constraint "subsidy_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create table "disability"."certificate" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'disability', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "certificate_number" varchar(20) not null, "category" smallint not null, "grade" smallint not null, "issued_date" date not null, "valid_until" date null);`);
    this.addSql(`create index "certificate_person_id_index" on "disability"."certificate" ("person_id");`);
    this.addSql(`alter table "disability"."certificate" add constraint "certificate_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create index "certificate_category_index" on "disability"."certificate" ("category");`);
    this.addSql(`create table "disability"."aid_grant" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'disability', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "kind" varchar(16) not null, "amount" numeric(12,2) not null, "granted_date" date not null);`);
    this.addSql(`create index "aid_grant_person_id_index" on "disability"."aid_grant" ("person_id");`);
    this.addSql(`alter table "disability"."aid_grant" add constraint "aid_grant_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create table "disability"."rehab_service" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'disability', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "service_type" varchar(32) not null, "provider" varchar(100) null, "status" varchar(16) not null, "referred_date" date not null, "start_date" date null, "end_date" date null, "cost" numeric(12,2) null);`);
    this.addSql(`create index "rehab_service_person_id_index" on "disability"."rehab_service" ("person_id");`);
    this.addSql(`alter table "disability"."rehab_service" add constraint "rehab_service_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`alter table "disability"."subsidy" add constraint "subsidy_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "disability"."certificate" add constraint "certificate_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "disability"."aid_grant" add constraint "aid_grant_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "disability"."rehab_service" add constraint "rehab_service_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists "disability" cascade;`);
  }
}
