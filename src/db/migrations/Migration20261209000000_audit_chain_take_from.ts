import { Migration } from '@mikro-orm/migrations';

/** `core.audit_chain_take` looking for a free chain of today from stripe `first` on (docs/security.md), or from 0 as before. */
function takeFunction(withFirst: boolean): string {
  const order = withFirst ? `(split_part(h."chain_id", '.', 2)::int - "first" + "stripes") % "stripes"` : `h."chain_id"`;
  return `create function "core"."audit_chain_take"("stripes" int${withFirst ? `, "first" int default 0` : ''})
      returns table ("take_chain" varchar, "take_seq" bigint, "take_link" bytea, "take_at" text) language plpgsql as $$
      declare
        "today" text := to_char(now() at time zone 'UTC', 'YYYY-MM-DD');
        "ids" varchar[] := array(select "today" || '.' || s from generate_series(0, "stripes" - 1) s);
        "at_text" text := to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
      begin
        return query select h."chain_id", h."seq", h."link", "at_text" from "core"."audit_chain_head" h
          where h."chain_id" = any("ids") order by ${order} limit 1 for update skip locked;
        if found then return; end if;
        insert into "core"."audit_chain_head" ("chain_id") select unnest("ids") on conflict do nothing;
        return query select h."chain_id", h."seq", h."link", "at_text" from "core"."audit_chain_head" h
          where h."chain_id" = any("ids") order by ${order} limit 1 for update skip locked;
        if found then return; end if;
        return query select h."chain_id", h."seq", h."link", "at_text" from "core"."audit_chain_head" h
          where h."chain_id" = "ids"[1 + floor(random() * "stripes")::int] for update;
      end $$;`;
}

/**
 * The audit chain's locked take starts at a stripe the caller names. A hub process appends to the
 * head it last wrote with one guarded statement (src/audit-chain/chain-append.ts) and takes a head
 * under a row lock only when that head moved; processes that started their takes at the same
 * stripe would keep moving each other's heads, so each starts at its own (random) stripe. Called
 * with one argument it behaves as before (stripe 0 first), so hubs of the previous version keep
 * working during an upgrade.
 */
export class Migration20261209000000_audit_chain_take_from extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop function "core"."audit_chain_take"(int);`);
    this.addSql(takeFunction(true));
  }

  override async down(): Promise<void> {
    this.addSql(`drop function "core"."audit_chain_take"(int, int);`);
    this.addSql(takeFunction(false));
  }
}
