import type { EntityManager } from '@mikro-orm/postgresql';
import { AT_TEXT, type LinkContent } from './chain-link.js';

/** A chained row as stored, read for verification (or, unchained, for sealing). */
export interface StoredRow extends Omit<LinkContent, 'chainId' | 'seq' | 'keyId'> {
  id: string;
  chainId: string | null;
  seq: string | null;
  keyId: string | null;
  link: Buffer | null;
}

/** The columns of a StoredRow, `at` in the canonical text the links cover. */
export const STORED_COLUMNS = `e.id::text as "id", e.chain_id as "chainId", e.chain_seq::text as "seq", e.chain_key as "keyId", e.chain_link as "link",
  ${AT_TEXT('e.at')} as "at", e.request_id as "requestId", e.caller_id as "callerId", e.caller_name as "callerName", e.purpose,
  e.operation_name as "operationName", e.person_id::text as "personId", e.household_id::text as "householdId", e.fields`;

const PAGE = 5000;

/**
 * A chain's rows in chain order (position, then id), a page at a time through the chain index
 * (a day's chain may hold millions of rows). Rows claiming the chain without a position come first.
 */
export async function* chainRows(em: EntityManager, chainId: string): AsyncGenerator<StoredRow> {
  const connection = em.getConnection();
  yield* await connection.execute<StoredRow[]>(`select ${STORED_COLUMNS} from core.audit_event e where e.chain_id = ? and e.chain_seq is null order by e.id`, [chainId]);
  let after: { seq: string; id: string } = { seq: '-1', id: '0' };
  for (;;) {
    const page = await connection.execute<StoredRow[]>(
      `select ${STORED_COLUMNS} from core.audit_event e where e.chain_id = ? and e.chain_seq >= ?::bigint and (e.chain_seq, e.id) > (?::bigint, ?::bigint)
       order by e.chain_seq, e.id limit ${PAGE}`,
      [chainId, after.seq, after.seq, after.id],
    );
    yield* page;
    if (page.length < PAGE) return;
    const last = page.at(-1)!;
    after = { seq: last.seq!, id: last.id };
  }
}

export interface HeadRow {
  chainId: string;
  seq: string;
  link: Buffer | null;
  keyId: string | null;
  lastId: string | null;
  /** Canonical UTC text (AT_TEXT). */
  createdAt: string;
  legacyThrough: string | null;
}

/** Chain heads, optionally of chain ids in [from, to). */
export async function readHeads(em: EntityManager, range: { from: string; to: string } | null): Promise<HeadRow[]> {
  return em.getConnection().execute<HeadRow[]>(
    `select chain_id as "chainId", seq::text as "seq", link, key_id as "keyId", last_id::text as "lastId", ${AT_TEXT('created_at')} as "createdAt", legacy_through::text as "legacyThrough"
     from core.audit_chain_head where ${range ? 'chain_id >= ? and chain_id < ?' : 'true'} order by chain_id`,
    range ? [range.from, range.to] : [],
  );
}

/**
 * Distinct chain ids of the rows in [from, to), by a walk down the chain index (one probe per
 * chain, not a scan of the rows): rows may name chains the heads do not know.
 */
export async function rowChainIds(em: EntityManager, range: { from: string; to: string }): Promise<string[]> {
  const rows = await em.getConnection().execute<Array<{ chain_id: string }>>(
    `with recursive c(chain_id) as (
       (select chain_id from core.audit_event where chain_id >= ? and chain_id < ? order by chain_id limit 1)
       union all
       select (select e.chain_id from core.audit_event e where e.chain_id > c.chain_id and e.chain_id < ? order by e.chain_id limit 1) from c where c.chain_id is not null)
     select chain_id from c where chain_id is not null`,
    [range.from, range.to, range.to],
  );
  return rows.map((r) => r.chain_id);
}
