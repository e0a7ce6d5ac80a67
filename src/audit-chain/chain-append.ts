import { createHash, randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { withPgClient } from '../db/pg-client.js';
import type { SqlBuilder } from '../contract/sql-builder.js';
import type { AuditKeyring } from './audit-keyring.js';
import { chainLink, GENESIS_LINK, type LinkContent } from './chain-link.js';

/**
 * Chains per day. A group commit takes whichever of today's chains no other transaction holds,
 * so up to this many group commits (of any number of hub processes) append at the same time;
 * more wait for one. Few enough that a day's chains are quick to list and verify.
 */
export const STRIPES = 8;

/** The head a transaction holds: where its rows go, and the time they carry. */
export interface TakenHead {
  chainId: string;
  /** Position of the chain's last row (0 for an empty chain), decimal. */
  seq: string;
  link: Buffer;
  /** The transaction's time in canonical text (chain-link.ts AT_TEXT). */
  at: string;
}

/** A row's content without its place in the chain, which the head decides. */
export type UnplacedContent = Omit<LinkContent, 'chainId' | 'seq' | 'keyId' | 'at'>;

export interface PlacedRows {
  /** Links of the rows, in order; the last one is the chain's new head. */
  links: Buffer[];
  /** Position of the last row. */
  lastSeq: string;
}

/** Links rows after the head, in order, with the current key. */
export function placeRows(keyring: AuditKeyring, head: TakenHead, rows: readonly UnplacedContent[]): PlacedRows {
  let previous = head.link;
  let seq = BigInt(head.seq);
  const links = rows.map((row) => {
    seq += 1n;
    previous = chainLink(keyring.current.key, previous, { ...row, chainId: head.chainId, seq: seq.toString(), keyId: keyring.current.id, at: head.at });
    return previous;
  });
  return { links, lastSeq: seq.toString() };
}

/** The head's row, as the statement that appends after it names it (see {@link appendRows}). */
export type HeadSource = (sql: SqlBuilder) => string;

/**
 * Builds the one statement that inserts the rows placed after `head` and moves the head. It must
 * take the head's row from `head` (a CTE of one row, `chain_id`, or none) and insert and move
 * nothing when that is empty: that is how the optimistic append learns it lost the race.
 */
export type AppendStatement = (head: TakenHead, placed: PlacedRows, source: HeadSource) => { text: string; values: unknown[] };

/**
 * How far the time a row carries may lie from the database's clock when the hub picks it itself
 * (the optimistic append); further, the append takes the locked path, which learns the clock again.
 */
const CLOCK_TOLERANCE = "interval '1 second'";

/** A chain's head as this process last left it: where its next rows go if no one moved it since. */
interface KnownHead {
  chainId: string;
  seq: string;
  link: Buffer;
  /** Time of the chain's last row, microseconds since the epoch: the next row's is not earlier. */
  atMicros: number;
}

const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** Canonical `at` text (chain-link.ts AT_TEXT) of microseconds since the epoch. */
export function atText(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
}

/** Microseconds since the epoch of canonical `at` text. */
export function atMicros(text: string): number {
  return Date.parse(`${text.slice(0, 23)}Z`) * 1000 + Number(text.slice(23, 26));
}

/**
 * The heads one pool of connections (one hub process) last wrote, free for its next group commit,
 * and the database's clock as seen from here. A head is held by one append at a time: appends in
 * flight together use different chains, as with the row lock.
 */
export class ChainHeads {
  private readonly free: KnownHead[] = [];
  /** Database clock minus this process's clock, learned at each locked take. */
  private offsetMicros: number | null = null;
  /** Where this pool's locked takes start looking, so that hub processes spread over the stripes. */
  firstStripe = randomInt(STRIPES);

  /** The head last left free (a quiet hub keeps writing one chain), with the time its rows get; none when the locked path must run. */
  take(): { head: TakenHead; expected: KnownHead } | null {
    if (this.offsetMicros === null) return null;
    for (;;) {
      const known = this.free.pop();
      if (!known) return null;
      const at = atText(Math.max(nowMicros() + this.offsetMicros, known.atMicros));
      // A new UTC day starts new chains: yesterday's head is dropped, the locked path makes today's.
      if (at.slice(0, 10) !== known.chainId.slice(0, 10)) continue;
      return { head: { chainId: known.chainId, seq: known.seq, link: known.link, at }, expected: known };
    }
  }

  keep(head: TakenHead, placed: PlacedRows): void {
    this.free.push({ chainId: head.chainId, seq: placed.lastSeq, link: placed.links.at(-1)!, atMicros: atMicros(head.at) });
    // As many as appends were ever in flight at once; the oldest are the likeliest to have moved on.
    if (this.free.length > STRIPES) this.free.shift();
  }

  /** The database's time `at` (canonical text) was read just now. */
  learnClock(at: string): void {
    this.offsetMicros = atMicros(at) - nowMicros();
  }

  /** Drops every known head: the next appends take the locked path (bench/audit-chain.ts times it so). */
  forget(): void {
    this.free.length = 0;
  }

  /** Another writer moved a head this process knew: look elsewhere first, so two processes stop taking turns on one chain. */
  lostRace(): void {
    this.firstStripe = randomInt(STRIPES);
  }
}

const headsByPool = new WeakMap<object, ChainHeads>();

/** The heads of the pool `em` draws connections from (forks share it). */
export function chainHeadsOf(em: EntityManager): ChainHeads {
  const pool = em.getConnection().getKnex();
  let heads = headsByPool.get(pool);
  if (!heads) headsByPool.set(pool, (heads = new ChainHeads()));
  return heads;
}

const TAKE = `select take_chain, take_seq::text as take_seq, take_link, take_at from core.audit_chain_take(${STRIPES}, $1)`;

/**
 * Appends rows to one of today's chains. Usually one autocommitted statement: after the head this
 * process last left, guarded so that it inserts and moves nothing unless the head is still there
 * (same position, same link) and free, and the time it picked is the database's within
 * {@link CLOCK_TOLERANCE}. Otherwise — another process or someone by hand moved the head, it is
 * locked, this pool wrote no head yet, or the day changed — the locked path: `begin` and a head
 * taken `for update skip locked` in one round trip, the same statement, `commit`. Either way
 * the rows are durable when this resolves, and a chain is appended by one transaction at a time.
 */
export async function appendRows(em: EntityManager, keyring: AuditKeyring, rows: readonly UnplacedContent[], statement: AppendStatement): Promise<void> {
  const heads = chainHeadsOf(em);
  const known = heads.take();
  if (known) {
    const placed = placeRows(keyring, known.head, rows);
    const { text, values } = statement(known.head, placed, (sql) => {
      const { seq, link } = known.expected;
      return `select chain_id from core.audit_chain_head where chain_id = ${sql.param(known.head.chainId)} and seq = ${sql.param(seq)}::bigint
        and link = decode(${sql.param(link.toString('hex'))}, 'hex')
        and ${sql.param(known.head.at)}::timestamptz between now() - ${CLOCK_TOLERANCE} and now() + ${CLOCK_TOLERANCE} for update skip locked`;
    });
    // An error leaves the head unknown (the statement may have committed before the connection broke): it is not kept.
    const result = await withPgClient(em, (client) => queryNamed(em, client, text, values));
    if (result.rowCount === 1) return heads.keep(known.head, placed);
    heads.lostRace();
  }
  const kept = await appendToChain(em, async (client, head) => {
    const placed = placeRows(keyring, head, rows);
    const { text, values } = statement(head, placed, (sql) => `select chain_id from core.audit_chain_head where chain_id = ${sql.param(head.chainId)}`);
    const result = await queryNamed(em, client, text, values);
    if (result.rowCount !== 1) throw new Error(`audit chain ${head.chainId}: the held head did not move`);
    return { head, placed };
  });
  heads.keep(kept.head, kept.placed);
}

/**
 * Runs `write` in a transaction that holds one of today's chain heads (row lock): the rows it
 * inserts are appended to that chain and the head moves with them, or nothing happens. `begin`
 * and the head travel in one round trip; the insert (which moves the head too) and `commit` follow.
 */
export function appendToChain<T>(em: EntityManager, write: (client: pg.ClientBase, head: TakenHead) => Promise<T>): Promise<T> {
  const heads = chainHeadsOf(em);
  return withPgClient(em, async (client) => {
    try {
      em.getConnection().getKnex().emit('query', { sql: TAKE, bindings: [heads.firstStripe], method: 'raw' });
      // Simple protocol for the pair: `begin` and the take in one round trip, the stripe inlined (a small integer).
      const [, taken] = (await client.query(`begin; ${TAKE.replace('$1', String(heads.firstStripe))}`)) as unknown as [pg.QueryResult, pg.QueryResult];
      const row = taken.rows[0] as { take_chain: string; take_seq: string; take_link: Buffer | null; take_at: string };
      heads.learnClock(row.take_at);
      const result = await write(client, { chainId: row.take_chain, seq: row.take_seq, link: row.take_link ?? GENESIS_LINK, at: row.take_at });
      await client.query('commit');
      return result;
    } catch (err) {
      // The original error is the one worth reporting; a failed rollback only means the connection is gone.
      await client.query('rollback').catch(() => {});
      throw err;
    }
  });
}

/**
 * Runs a statement of fixed text as a named prepared statement on this connection (parsed and
 * planned once per connection), announced to knex's query listeners like the hub's other statements.
 */
export async function queryNamed(em: EntityManager, client: pg.ClientBase, text: string, values: readonly unknown[]): Promise<pg.QueryResult> {
  em.getConnection().getKnex().emit('query', { sql: text, bindings: values, method: 'raw' });
  const name = `cg_${createHash('sha1').update(text).digest('base64url')}`;
  return client.query({ name, text, values: values as unknown[] });
}
