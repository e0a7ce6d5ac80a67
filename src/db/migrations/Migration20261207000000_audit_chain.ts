import { Migration } from '@mikro-orm/migrations';

/**
 * The tamper-evident audit trail (docs/security.md): every row carries an HMAC-SM3 link over its
 * predecessor's link and its own content, in one of a day's chains (`2026-12-07.3`: the day in
 * UTC, then a stripe 0–7, so concurrent group commits append to different chains).
 *
 * `audit_chain_head` holds each chain's last position and link; a writer takes a head `for
 * update` (`audit_chain_take`) in the transaction that inserts its rows and moves the head, so
 * one chain is appended by one transaction at a time. The key never reaches the database.
 *
 * Rows written before this migration have no link. The `legacy` head remembers the last such
 * id (`legacy_through`) and when chaining began; `npm run audit -- seal` chains them once, in
 * id order, into the `legacy` chain. The new columns are nullable and added without a rewrite;
 * the chain index is built over the existing rows once.
 */
export class Migration20261207000000_audit_chain extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "core"."audit_event" add column "chain_id" varchar(16) null, add column "chain_seq" bigint null, add column "chain_key" varchar(16) null, add column "chain_link" bytea null;`);
    this.addSql(`create index "audit_event_chain_index" on "core"."audit_event" ("chain_id", "chain_seq");`);
    this.addSql(`create table "core"."audit_chain_head" (
      "chain_id" varchar(16) primary key,
      "seq" bigint not null default 0,
      "link" bytea null,
      "key_id" varchar(16) null,
      "last_id" bigint null,
      "created_at" timestamptz not null default now(),
      "legacy_through" bigint null);`);
    this.addSql(`insert into "core"."audit_chain_head" ("chain_id", "legacy_through") select 'legacy', max("id") from "core"."audit_event";`);
    // The first free chain of today (skip locked; the lowest stripe, so a quiet hub writes one
    // chain a day), today's chains made on the day's first write, and
    // only when all are busy a wait for one. `at` is the transaction's time: every row of the
    // group carries it, and the day of the chain is its day.
    this.addSql(`create function "core"."audit_chain_take"("stripes" int)
      returns table ("take_chain" varchar, "take_seq" bigint, "take_link" bytea, "take_at" text) language plpgsql as $$
      declare
        "today" text := to_char(now() at time zone 'UTC', 'YYYY-MM-DD');
        "ids" varchar[] := array(select "today" || '.' || s from generate_series(0, "stripes" - 1) s);
        "at_text" text := to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
      begin
        return query select h."chain_id", h."seq", h."link", "at_text" from "core"."audit_chain_head" h
          where h."chain_id" = any("ids") order by h."chain_id" limit 1 for update skip locked;
        if found then return; end if;
        insert into "core"."audit_chain_head" ("chain_id") select unnest("ids") on conflict do nothing;
        return query select h."chain_id", h."seq", h."link", "at_text" from "core"."audit_chain_head" h
          where h."chain_id" = any("ids") order by h."chain_id" limit 1 for update skip locked;
        if found then return; end if;
        return query select h."chain_id", h."seq", h."link", "at_text" from "core"."audit_chain_head" h
          where h."chain_id" = "ids"[1 + floor(random() * "stripes")::int] for update;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function "core"."audit_chain_take"(int);`);
    this.addSql(`drop table "core"."audit_chain_head";`);
    this.addSql(`drop index "core"."audit_event_chain_index";`);
    this.addSql(`alter table "core"."audit_event" drop column "chain_id", drop column "chain_seq", drop column "chain_key", drop column "chain_link";`);
  }
}
