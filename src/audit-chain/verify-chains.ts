import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditKeyring } from './audit-keyring.js';
import { chainRows, readHeads, rowChainIds, STORED_COLUMNS, type HeadRow, type StoredRow } from './chain-rows.js';
import { ChainWalk, type ChainSummary, type Finding } from './chain-walk.js';
import type { KeptHeads } from './kept-heads.js';
import { LEGACY_CHAIN, legacyState, type LegacyState } from './legacy-rows.js';

export interface VerifyOptions {
  /** First and last day (YYYY-MM-DD, UTC) of the chains to verify; all chains (and `legacy`) without. */
  from?: string;
  to?: string;
  kept?: KeptHeads;
  onProgress?: (progress: { rows: number; expectedRows: number; chainId: string }) => void;
}

export interface VerifyReport {
  chains: ChainSummary[];
  /** Every chain's first break, and rows outside any chain. */
  findings: Finding[];
  /** Rows written before chaining began, not yet sealed. */
  legacy: LegacyState;
  /** Every chain breaks at its first row and nowhere continues: the key, not the rows, is wrong. */
  keyWrong: boolean;
  rows: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Above every chain id (ids are ASCII). */
const END = '\u{ffff}';

/** Chain ids of days [from, to]: `2026-12-07` ≤ id < the day after `to`. */
export function chainRange(from?: string, to?: string): { from: string; to: string } | null {
  if (from === undefined && to === undefined) return null;
  for (const [name, day] of [['--from', from], ['--to', to]] as const) {
    if (day !== undefined && (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))) throw new Error(`${name} must be a day, YYYY-MM-DD (got "${day}")`);
  }
  const next = to === undefined ? '9999-12-32' : new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { from: from ?? '0000-00-00', to: next };
}

/** Verifies every chain in range against its links, its head in the database and the kept heads. */
export async function verifyChains(em: EntityManager, keyring: AuditKeyring, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const range = chainRange(opts.from, opts.to);
  const heads = new Map((await readHeads(em, range)).map((h) => [h.chainId, h]));
  const chainIds = [...new Set([...heads.keys(), ...(await rowChainIds(em, range ?? { from: '', to: END }))])].sort();
  const kept = new Map((opts.kept?.heads ?? []).filter((h) => range === null || (h.chain >= range.from && h.chain < range.to)).map((h) => [h.chain, h]));
  for (const chain of kept.keys()) if (!chainIds.includes(chain)) chainIds.push(chain);
  const expectedRows = [...heads.values()].reduce((sum, h) => sum + Number(h.seq), 0);
  let rows = 0;
  const chains: ChainSummary[] = [];
  for (const chainId of chainIds) {
    const keptHead = kept.get(chainId);
    const walk = new ChainWalk(chainId, keyring, heads.get(chainId)?.seq ?? null, keptHead ? [keptHead.seq] : []);
    for await (const row of chainRows(em, chainId)) {
      walk.push(row);
      if (++rows % 5000 === 0) opts.onProgress?.({ rows, expectedRows, chainId });
    }
    const summary = walk.end();
    summary.finding ??= headFinding(summary, heads.get(chainId)) ?? keptFinding(summary, keptHead, walk.linkAt);
    chains.push(summary);
  }
  opts.onProgress?.({ rows, expectedRows, chainId: '' });
  const legacy = await legacyState(em, heads.get(LEGACY_CHAIN) ?? (range ? (await readHeads(em, null)).find((h) => h.chainId === LEGACY_CHAIN) : undefined));
  const findings = [...chains.flatMap((c) => (c.finding ? [c.finding] : [])), ...(await strayRows(em, legacy))];
  const withRows = chains.filter((c) => c.rows > 0);
  const keyWrong = withRows.length > 0 && withRows.every((c) => c.finding?.code === 'AUDIT_ROW_EDITED' && c.finding.seq === '1' && c.finding.continues === false);
  return { chains, findings, legacy, keyWrong, rows };
}

/** The chain's end against its head in the database (only for a chain intact so far). */
function headFinding(chain: ChainSummary, head: HeadRow | undefined): Finding | null {
  const at = { chainId: chain.chainId, rowId: null, seq: null, at: chain.lastAt, lastIntact: null };
  if (!head) return chain.rows > 0 ? { ...at, code: 'AUDIT_HEAD_MISSING', message: `the chain has ${chain.rows} rows but no head in core.audit_chain_head (head deleted, or rows forged under a new chain id)` } : null;
  if (BigInt(head.seq) > BigInt(chain.intactThrough)) {
    return { ...at, code: 'AUDIT_CHAIN_TRUNCATED', message: `the chain ends at position ${chain.intactThrough} but its head says ${head.seq} (last row id ${head.lastId}): rows removed from its end` };
  }
  if (BigInt(head.seq) < BigInt(chain.intactThrough) || (head.link && chain.intactLink && !head.link.equals(chain.intactLink))) {
    return { ...at, code: 'AUDIT_HEAD_MISMATCH', message: `its head in core.audit_chain_head (position ${head.seq}) does not match the chain's last row (position ${chain.intactThrough}): the head was changed` };
  }
  return null;
}

/** The chain against the head kept outside the database: it must still hold that position with that link. */
function keptFinding(chain: ChainSummary, kept: KeptHeads['heads'][number] | undefined, linkAt: ReadonlyMap<string, Buffer | null>): Finding | null {
  if (!kept) return null;
  const at = { chainId: chain.chainId, rowId: null, seq: kept.seq, at: chain.lastAt, lastIntact: null };
  const link = linkAt.get(kept.seq);
  if (!link) return { ...at, code: 'AUDIT_CHAIN_TRUNCATED', message: `the kept head says position ${kept.seq} but the chain ends at ${chain.intactThrough}: rows removed from its end` };
  if (link.toString('hex') !== kept.link) return { ...at, code: 'AUDIT_HEAD_MISMATCH', message: `position ${kept.seq} does not carry the kept head's link: the chain was rewritten` };
  return null;
}

/** Rows without a link that are not awaiting the seal: written around the chains. */
async function strayRows(em: EntityManager, legacy: LegacyState): Promise<Finding[]> {
  const rows = await em.getConnection().execute<StoredRow[]>(
    `select ${STORED_COLUMNS} from core.audit_event e where e.chain_id is null and not (e.id > ?::bigint and e.id <= ?::bigint) order by e.id limit 20`,
    [legacy.sealedThrough, legacy.through],
  );
  return rows.map((row) => ({
    code: 'AUDIT_ROW_UNCHAINED',
    chainId: '(none)',
    rowId: row.id,
    seq: null,
    at: row.at,
    lastIntact: null,
    message: `row ${row.id}: has no chain link but was not written before chaining began (inserted around the chains)`,
  }));
}
