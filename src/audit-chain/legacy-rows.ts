import type { EntityManager } from '@mikro-orm/postgresql';
import { inTransaction, withPgClient } from '../db/pg-client.js';
import type { AuditKeyring } from './audit-keyring.js';
import { chainLink, GENESIS_LINK } from './chain-link.js';
import { STORED_COLUMNS, type HeadRow, type StoredRow } from './chain-rows.js';

/** The chain that `seal` puts the rows written before chaining into, in id order. */
export const LEGACY_CHAIN = 'legacy';

export interface LegacyState {
  /** When chaining began (the migration); null if its head is gone. */
  chainingBegan: string | null;
  /** Rows up to this id were written before chaining ('0': none). */
  through: string;
  /** Rows up to this id are sealed already ('0': none). */
  sealedThrough: string;
  /** Unchained rows awaiting the seal. */
  pending: { count: number; firstId: string | null; lastId: string | null };
}

/** Where the seal stands. A missing legacy head counts as "nothing before chaining": every unchained row is then stray. */
export async function legacyState(em: EntityManager, head: HeadRow | undefined): Promise<LegacyState> {
  const through = head?.legacyThrough ?? '0';
  const sealedThrough = head?.lastId ?? '0';
  const [pending] = await em.getConnection().execute<Array<{ count: number; firstId: string | null; lastId: string | null }>>(
    `select count(*)::int as "count", min(id)::text as "firstId", max(id)::text as "lastId" from core.audit_event
     where chain_id is null and id > ?::bigint and id <= ?::bigint`,
    [sealedThrough, through],
  );
  return { chainingBegan: head?.createdAt ?? null, through, sealedThrough, pending: pending! };
}

const BATCH = 2000;

/**
 * Chains the rows written before chaining, once, in id order, into the `legacy` chain: a batch
 * per transaction holding the legacy head, so an interrupted seal resumes where it stopped and
 * the hub keeps writing meanwhile. The links prove these rows unchanged from now on, not before.
 */
export async function sealLegacyRows(em: EntityManager, keyring: AuditKeyring, onBatch?: (sealed: number, total: number) => void): Promise<number> {
  let sealed = 0;
  const [head] = await em.getConnection().execute<Array<{ last_id: string | null; legacy_through: string | null }>>(
    `select last_id::text, legacy_through::text from core.audit_chain_head where chain_id = ?`,
    [LEGACY_CHAIN],
  );
  if (!head) return 0;
  const [{ total }] = await em.getConnection().execute<Array<{ total: number }>>(
    `select count(*)::int as total from core.audit_event where chain_id is null and id > ?::bigint and id <= ?::bigint`,
    [head.last_id ?? '0', head.legacy_through ?? '0'],
  );
  for (;;) {
    const count = await withPgClient(em, (client) =>
      inTransaction(client, false, async () => {
        const { rows: heads } = await client.query(`select seq::text, link, last_id::text, legacy_through::text from core.audit_chain_head where chain_id = $1 for update`, [LEGACY_CHAIN]);
        const h = heads[0] as { seq: string; link: Buffer | null; last_id: string | null; legacy_through: string | null };
        const { rows } = await client.query(
          `select ${STORED_COLUMNS} from core.audit_event e where e.chain_id is null and e.id > $1::bigint and e.id <= $2::bigint order by e.id limit ${BATCH}`,
          [h.last_id ?? '0', h.legacy_through ?? '0'],
        );
        if (rows.length === 0) return 0;
        let previous = h.link ?? GENESIS_LINK;
        let seq = BigInt(h.seq);
        const seqs: string[] = [];
        const links: string[] = [];
        for (const row of rows as StoredRow[]) {
          seq += 1n;
          previous = chainLink(keyring.current.key, previous, { ...row, chainId: LEGACY_CHAIN, seq: seq.toString(), keyId: keyring.current.id });
          seqs.push(seq.toString());
          links.push(previous.toString('hex'));
        }
        const ids = rows.map((r: StoredRow) => r.id);
        await client.query(
          `update core.audit_event e set chain_id = $1, chain_seq = u.seq, chain_key = $2, chain_link = decode(u.link, 'hex')
           from unnest($3::bigint[], $4::bigint[], $5::text[]) as u(id, seq, link) where e.id = u.id`,
          [LEGACY_CHAIN, keyring.current.id, ids, seqs, links],
        );
        await client.query(`update core.audit_chain_head set seq = $2::bigint, link = $3, key_id = $4, last_id = $5::bigint where chain_id = $1`, [
          LEGACY_CHAIN,
          seq.toString(),
          previous,
          keyring.current.id,
          ids.at(-1),
        ]);
        return rows.length;
      }),
    );
    if (count === 0) return sealed;
    sealed += count;
    onBatch?.(sealed, total);
  }
}
