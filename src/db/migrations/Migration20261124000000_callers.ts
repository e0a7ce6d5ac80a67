import { Migration } from '@mikro-orm/migrations';

/**
 * Partner systems that call the hub with an API key. Only the key's public prefix (for the
 * look-up, hence unique) and the SHA-256 of its secret are kept, never the key itself.
 */
export class Migration20261124000000_callers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "core"."caller" ("id" bigserial primary key, "name" varchar(100) not null, "kind" varchar(10) not null default 'system', "roles" text[] not null, "region_prefix" varchar(12) null, "key_prefix" varchar(16) not null, "key_hash" char(64) not null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null, "last_used_at" timestamptz null);`);
    this.addSql(`alter table "core"."caller" add constraint "caller_name_unique" unique ("name");`);
    this.addSql(`alter table "core"."caller" add constraint "caller_key_prefix_unique" unique ("key_prefix");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "core"."caller";`);
  }
}
