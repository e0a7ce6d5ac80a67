import { Migration } from '@mikro-orm/migrations';

/** Creates the `core` Postgres schema and its tables. */
export class Migration20261123000000_core extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "core";`);
    this.addSql(`create table "core"."household" ("id" bigserial primary key, "household_number" varchar(32) not null, "region_code" varchar(12) not null, "address" varchar(200) null, "head_id" bigint null, "registered_poor" boolean not null default false, "registered_poor_year" smallint null, "monitoring_status" varchar(16) not null default 'NONE', "consent_date" date null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "core"."household" add constraint "household_household_number_unique" unique ("household_number");`);
    this.addSql(`create index "household_region_code_index" on "core"."household" ("region_code");`);
    this.addSql(`create index "household_monitoring_status_index" on "core"."household" ("monitoring_status");`);
    this.addSql(`create table "core"."person" ("id" bigserial primary key, "id_number" varchar(18) not null, "name" varchar(50) not null, "gender" varchar(6) not null, "birth_date" date not null, "ethnicity" varchar(20) null, "phone" varchar(20) null, "address" varchar(200) null, "household_id" bigint null, "relation_to_head" varchar(16) null, "labour_ability" varchar(8) null, "self_care_ability" varchar(8) null, "deceased_date" date null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "core"."person" add constraint "person_id_number_unique" unique ("id_number");`);
    this.addSql(`create index "person_birth_date_index" on "core"."person" ("birth_date");`);
    this.addSql(`create index "person_household_id_index" on "core"."person" ("household_id");`);
    this.addSql(`create table "core"."person_link" ("id" bigserial primary key, "from_person_id" bigint not null, "to_person_id" bigint not null, "kind" varchar(16) not null, "source_department" varchar(32) not null, "start_date" date null, "end_date" date null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "person_link_from_person_id_index" on "core"."person_link" ("from_person_id");`);
    this.addSql(`create index "person_link_to_person_id_index" on "core"."person_link" ("to_person_id");`);
    this.addSql(`create table "core"."region" ("code" varchar(12) not null, "name" varchar(100) not null, "level" varchar(10) not null, "parent_code" varchar(12) null, constraint "region_pkey" primary key ("code"));`);
    this.addSql(`create index "region_parent_code_index" on "core"."region" ("parent_code");`);
    this.addSql(`alter table "core"."person" add constraint "person_household_id_foreign" foreign key ("household_id") references "core"."household" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "core"."person_link" add constraint "person_link_from_person_id_foreign" foreign key ("from_person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "core"."person_link" add constraint "person_link_to_person_id_foreign" foreign key ("to_person_id") references "core"."person" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists "core" cascade;`);
  }
}
