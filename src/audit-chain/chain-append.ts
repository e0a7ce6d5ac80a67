import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { withPgClient } from '../db/pg-client.js';
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

const TAKE = `select take_chain, take_seq::text as take_seq, take_link, take_at from core.audit_chain_take(${STRIPES})`;

/**
 * Runs `write` in a transaction that holds one of today's chain heads (row lock): the rows it
 * inserts are appended to that chain and the head moves with them, or nothing happens. `begin`
 * and the head travel in one round trip; the insert (which moves the head too) and `commit` follow.
 */
export function appendToChain<T>(em: EntityManager, write: (client: pg.ClientBase, head: TakenHead) => Promise<T>): Promise<T> {
  return withPgClient(em, async (client) => {
    try {
      em.getConnection().getKnex().emit('query', { sql: TAKE, bindings: [], method: 'raw' });
      const [, taken] = (await client.query(`begin; ${TAKE}`)) as unknown as [pg.QueryResult, pg.QueryResult];
      const row = taken.rows[0] as { take_chain: string; take_seq: string; take_link: Buffer | null; take_at: string };
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
