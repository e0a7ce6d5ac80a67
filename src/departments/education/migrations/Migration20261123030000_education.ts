import { Migration } from '@mikro-orm/migrations';

/** Creates the `education` Postgres schema and its tables. */
export class Migration20261123030000_education extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "education";`);
    this.addSql(`create table "education"."education_aid" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'education', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "kind" varchar(20) not null, "amount" numeric(12,2) not null, "year" smallint not null);`);
    this.addSql(`create index "education_aid_person_id_index" on "education"."education_aid" ("person_id");`);
    this.addSql(`alter table "education"."education_aid" add constraint "education_aid_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create table "education"."dropout_case" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'education', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "reported_date" date not null, "reason" varchar(200) null, "status" varchar(16) not null);`);
    this.addSql(`create index "dropout_case_person_id_index" on "education"."dropout_case" ("person_id");`);
    this.addSql(`alter table "education"."dropout_case" add constraint "dropout_case_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create table "education"."enrolment" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'education', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "school" varchar(100) not null, "stage" varchar(16) not null, "grade" smallint not null, "status" varchar(16) not null, "left_behind" boolean not null default false, "term" varchar(16) not null);`);
    this.addSql(`create index "enrolment_person_id_index" on "education"."enrolment" ("person_id");`);
    this.addSql(`alter table "education"."enrolment" add constraint "enrolment_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create index "enrolment_status_index" on "education"."enrolment" ("status");`);
    this.addSql(`create table "education"."teacher_pairing" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'education', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "teacher_name" varchar(50) not null, "teacher_phone" varchar(20) null, "since_date" date not null, "until_date" date null);`);
    this.addSql(`create index "teacher_pairing_person_id_index" on "education"."teacher_pairing" ("person_id");`);
    this.addSql(`alter table "education"."teacher_pairing" add constraint "teacher_pairing_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`alter table "education"."education_aid" add constraint "education_aid_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "education"."dropout_case" add constraint "dropout_case_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "education"."enrolment" add constraint "enrolment_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "education"."teacher_pairing" add constraint "teacher_pairing_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists "education" cascade;`);
  }
}
