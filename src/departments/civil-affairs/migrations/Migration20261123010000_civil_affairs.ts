import { Migration } from '@mikro-orm/migrations';

/** Creates the `civil_affairs` Postgres schema and its tables. */
export class Migration20261123010000_civil_affairs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "civil_affairs";`);
    this.addSql(`create table "civil_affairs"."household_finance" ("id" bigserial primary key, "household_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'civil-affairs', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "year" smallint not null, "income" numeric(12,2) not null, "medical_expenditure" numeric(12,2) not null default 0, "education_expenditure" numeric(12,2) not null default 0, "housing_expenditure" numeric(12,2) not null default 0, "other_rigid_expenditure" numeric(12,2) not null default 0);`);
    this.addSql(`create index "household_finance_household_id_index" on "civil_affairs"."household_finance" ("household_id");`);
    this.addSql(`alter table "civil_affairs"."household_finance" add constraint "household_finance_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create table "civil_affairs"."custody_agreement" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'civil-affairs', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "mode" varchar(24) not null, "custodian_name" varchar(50) not null, "custodian_phone" varchar(20) null, "signed_date" date not null, "end_date" date null);`);
    this.addSql(`create index "custody_agreement_person_id_index" on "civil_affairs"."custody_agreement" ("person_id");`);
    this.addSql(`alter table "civil_affairs"."custody_agreement" add constraint "custody_agreement_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create index "custody_agreement_mode_index" on "civil_affairs"."custody_agreement" ("mode");`);
    this.addSql(`create table "civil_affairs"."care_visit" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'civil-affairs', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "kind" varchar(16) not null, "visit_date" date not null, "visitor" varchar(50) null, "notes" varchar(500) null);`);
    this.addSql(`create index "care_visit_person_id_index" on "civil_affairs"."care_visit" ("person_id");`);
    this.addSql(`alter table "civil_affairs"."care_visit" add constraint "care_visit_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create table "civil_affairs"."care_target" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'civil-affairs', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "category" varchar(24) not null, "key_guardianship" boolean not null default false, "helping_unit" varchar(100) null, "responsible_person" varchar(50) null, "responsible_phone" varchar(20) null, "start_date" date not null, "end_date" date null);`);
    this.addSql(`create index "care_target_person_id_index" on "civil_affairs"."care_target" ("person_id");`);
    this.addSql(`alter table "civil_affairs"."care_target" add constraint "care_target_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create index "care_target_category_index" on "civil_affairs"."care_target" ("category");`);
    this.addSql(`create table "civil_affairs"."assistance_enrolment" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'civil-affairs', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "program" varchar(16) not null, "support_mode" varchar(16) null, "status" varchar(16) not null, "start_date" date not null, "end_date" date null, "monthly_amount" numeric(12,2) not null);`);
    this.addSql(`create index "assistance_enrolment_person_id_index" on "civil_affairs"."assistance_enrolment" ("person_id");`);
    this.addSql(`alter table "civil_affairs"."assistance_enrolment" add constraint "assistance_enrolment_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create index "assistance_enrolment_program_index" on "civil_affairs"."assistance_enrolment" ("program");`);
    this.addSql(`alter table "civil_affairs"."household_finance" add constraint "household_finance_household_id_foreign" foreign key ("household_id") references "core"."household" ("id") on update cascade;`);
    this.addSql(`alter table "civil_affairs"."custody_agreement" add constraint "custody_agreement_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "civil_affairs"."care_visit" add constraint "care_visit_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "civil_affairs"."care_target" add constraint "care_target_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "civil_affairs"."assistance_enrolment" add constraint "assistance_enrolment_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists "civil_affairs" cascade;`);
  }
}
