import { Migration } from '@mikro-orm/migrations';

/** Creates the `health` Postgres schema and its tables. */
export class Migration20261123050000_health extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "health";`);
    this.addSql(`create table "health"."medical_expense" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'health', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "year" smallint not null, "total" numeric(12,2) not null, "reimbursed" numeric(12,2) not null, "out_of_pocket" numeric(12,2) not null);`);
    this.addSql(`create index "medical_expense_person_id_index" on "health"."medical_expense" ("person_id");`);
    this.addSql(`alter table "health"."medical_expense" add constraint "medical_expense_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create table "health"."condition" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'health', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "icd10_code" varchar(16) not null, "name" varchar(100) not null, "severity" varchar(16) not null, "diagnosed_date" date not null);`);
    this.addSql(`create index "condition_person_id_index" on "health"."condition" ("person_id");`);
    this.addSql(`alter table "health"."condition" add constraint "condition_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create index "condition_icd10_code_index" on "health"."condition" ("icd10_code");`);
    this.addSql(`create table "health"."health_check" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'health', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "check_date" date not null, "self_care_assessment" varchar(8) null, "summary" varchar(500) null);`);
    this.addSql(`create index "health_check_person_id_index" on "health"."health_check" ("person_id");`);
    this.addSql(`alter table "health"."health_check" add constraint "health_check_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create table "health"."family_doctor_contract" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'health', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "team" varchar(100) not null, "signed_date" date not null, "valid_until" date not null);`);
    this.addSql(`create index "family_doctor_contract_person_id_index" on "health"."family_doctor_contract" ("person_id");`);
    this.addSql(`alter table "health"."family_doctor_contract" add constraint "family_doctor_contract_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create table "health"."death" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'health', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "death_date" date not null, "cause" varchar(100) null);`);
    this.addSql(`create index "death_person_id_index" on "health"."death" ("person_id");`);
    this.addSql(`alter table "health"."death" add constraint "death_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`alter table "health"."medical_expense" add constraint "medical_expense_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "health"."condition" add constraint "condition_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "health"."health_check" add constraint "health_check_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "health"."family_doctor_contract" add constraint "family_doctor_contract_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "health"."death" add constraint "death_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists "health" cascade;`);
  }
}
