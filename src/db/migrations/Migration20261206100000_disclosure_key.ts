import { Migration } from '@mikro-orm/migrations';

/**
 * The secret seed of disclosure control's record keys (src/disclosure/record-key.ts): one row,
 * drawn once from PostgreSQL's strong random source (`gen_random_uuid`, 60 random bits in its
 * first 16 hex digits) and never changed — a new seed would give every count a second, independent
 * rounding that an analyst could average with the first.
 */
export class Migration20261206100000_disclosure_key extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "core"."disclosure_key" ("one" boolean primary key default true check ("one"), "seed" bigint not null);`);
    this.addSql(`insert into "core"."disclosure_key" ("seed") values (('x' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 16))::bit(64)::bigint);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "core"."disclosure_key";`);
  }
}
