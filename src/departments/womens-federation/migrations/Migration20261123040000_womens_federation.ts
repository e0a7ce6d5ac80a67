import { Migration } from '@mikro-orm/migrations';

/** Creates the `womens_federation` Postgres schema and its tables. */
export class Migration20261123040000_womens_federation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "womens_federation";`);
    this.addSql(`create table "womens_federation"."left_behind_woman" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'womens-federation', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "spouse_work_place" varchar(100) null, "spouse_away_since" date null, "children_in_care" smallint not null default 0, "needs" varchar(200) null);`);
    this.addSql(`create index "left_behind_woman_person_id_index" on "womens_federation"."left_behind_woman" ("person_id");`);
    this.addSql(`alter table "womens_federation"."left_behind_woman" add constraint "left_behind_woman_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create table "womens_federation"."support_case" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'womens-federation', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "kind" varchar(32) not null, "status" varchar(16) not null, "opened_date" date not null, "closed_date" date null);`);
    this.addSql(`create index "support_case_person_id_index" on "womens_federation"."support_case" ("person_id");`);
    this.addSql(`alter table "womens_federation"."support_case" add constraint "support_case_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`create table "womens_federation"."training" ("id" bigserial primary key, "person_id" bigint not null, "source_record_id" varchar(64) not null, "source_department" varchar(32) not null default 'womens-federation', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "course" varchar(100) not null, "start_date" date not null, "completed" boolean not null default false, "employed_after" boolean not null default false);`);
    this.addSql(`create index "training_person_id_index" on "womens_federation"."training" ("person_id");`);
    this.addSql(`alter table "womens_federation"."training" add constraint "training_source_record_id_unique" unique ("source_record_id");`);
    this.addSql(`alter table "womens_federation"."left_behind_woman" add constraint "left_behind_woman_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "womens_federation"."support_case" add constraint "support_case_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
    this.addSql(`alter table "womens_federation"."training" add constraint "training_person_id_foreign" foreign key ("person_id") references "core"."person" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists "womens_federation" cascade;`);
  }
}
