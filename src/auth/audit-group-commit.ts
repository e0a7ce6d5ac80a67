import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditEntry } from '../contract/audit-entry.js';
import { requireKeyring, type AuditKeyring } from '../audit-chain/audit-keyring.js';
import { auditRows, disclosureCount, insertAuditRows, type AuditRequest, type AuditRow } from './audit-log.js';

interface PendingWrite {
  rows: AuditRow[];
  /** What the write resolves with: disclosures (subject × field), not rows, which group them. */
  disclosures: number;
  resolve: (count: number) => void;
  reject: (err: unknown) => void;
}

/** Writes a request's disclosures; resolves with how many distinct ones (subject × field) were recorded. */
export type AuditWriter = (request: AuditRequest, entries: readonly AuditEntry[]) => Promise<number>;

/**
 * Group commit for the audit trail: the disclosures of every request that finishes in the same
 * event-loop turn go to PostgreSQL as one INSERT (one statement and round trip for many
 * requests under load). Each request still awaits the durable write of its own rows before its
 * response leaves. If the group's INSERT fails, every request of the group retries alone, so
 * one request's bad row (e.g. an over-long operation name) withholds only its own response.
 * Each group is appended to one audit chain (insertAuditRows); the keyring defaults to the
 * environment's, so a hub without a configured key fails at start with AUDIT_KEY_MISSING.
 */
export function groupCommitAuditWrites(em: EntityManager, keyring: AuditKeyring = requireKeyring()): AuditWriter {
  let pending: PendingWrite[] = [];

  const writeAlone = async (write: PendingWrite) => {
    try {
      await insertAuditRows(em, write.rows, keyring);
      write.resolve(write.disclosures);
    } catch (err) {
      write.reject(err);
    }
  };

  const flush = async () => {
    const group = pending;
    pending = [];
    if (group.length === 1) return writeAlone(group[0]!);
    try {
      await insertAuditRows(em, group.flatMap((w) => w.rows), keyring);
    } catch {
      await Promise.all(group.map(writeAlone));
      return;
    }
    for (const write of group) write.resolve(write.disclosures);
  };

  return (request, entries) => {
    const rows = auditRows(request, entries);
    if (rows.length === 0) return Promise.resolve(0);
    return new Promise<number>((resolve, reject) => {
      // setImmediate runs after this turn's I/O callbacks: every request completing in them joins.
      if (pending.length === 0) setImmediate(() => void flush());
      pending.push({ rows, disclosures: disclosureCount(rows), resolve, reject });
    });
  };
}
