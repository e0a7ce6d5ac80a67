import fs from 'node:fs';
import { AuditChainError } from './audit-chain-error.js';
import type { HeadRow } from './chain-rows.js';

/**
 * Chain heads as `npm run audit -- head` prints them, to be kept outside the database (a
 * ticket, a mail to the auditor, a WORM store): what the tail of each chain was at that time.
 * Rows removed from a chain's end (with its head in the database moved back) are found only
 * against such a copy.
 */
export interface KeptHeads {
  takenAt: string;
  heads: Array<{ chain: string; seq: string; link: string; key: string | null }>;
}

export function keptHeadsOf(heads: readonly HeadRow[], takenAt = new Date()): KeptHeads {
  return {
    takenAt: takenAt.toISOString(),
    heads: heads.filter((h) => h.link !== null).map((h) => ({ chain: h.chainId, seq: h.seq, link: h.link!.toString('hex'), key: h.keyId })),
  };
}

export function readKeptHeads(file: string): KeptHeads {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AuditChainError('AUDIT_HEADS_FILE_INVALID', `cannot read kept heads from ${file}: ${(err as Error).message}`);
  }
  const heads = (parsed as { heads?: unknown } | null)?.heads;
  if (!Array.isArray(heads)) throw new AuditChainError('AUDIT_HEADS_FILE_INVALID', `${file} has no "heads" list (write it with: npm run audit -- head > ${file})`);
  for (const [i, h] of heads.entries()) {
    const { chain, seq, link } = (h ?? {}) as Record<string, unknown>;
    if (typeof chain !== 'string' || typeof seq !== 'string' || !/^\d+$/.test(seq) || typeof link !== 'string' || !/^[0-9a-f]{64}$/.test(link)) {
      throw new AuditChainError('AUDIT_HEADS_FILE_INVALID', `${file}: heads[${i}] needs "chain", "seq" (digits) and "link" (64 hex digits)`);
    }
  }
  return parsed as KeptHeads;
}
