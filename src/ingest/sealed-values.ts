import type pg from 'pg';
import type { IntakeKind } from '../contract/intake-kind.js';
import { encryptedColumnsOfKind } from '../crypto/encrypted-columns.js';
import { fieldEncryption } from '../crypto/field-encryption.js';
import type { ValidRecord } from './validate-row.js';

const quote = (ident: string) => `"${ident.replaceAll('"', '""')}"`;

/**
 * The records with the values of the kind's encrypted columns as they are to be stored: sealed
 * (SM4, a fresh IV each time), except that a value equal to what the hub holds for the record keeps
 * the stored ciphertext — the upsert compares stored forms, and a re-sent unchanged record must
 * stay UNCHANGED, with no new version in its history. One statement per batch, and none for kinds
 * without encrypted columns. A stored value that no longer opens (a key no ring holds) counts as
 * different: the record is written again under the active key.
 */
export async function sealRecordValues(client: pg.ClientBase, kind: IntakeKind, records: readonly ValidRecord[]): Promise<readonly ValidRecord[]> {
  const positions = kind.columns.flatMap((c, i) => (c.encrypted ? [i] : []));
  if (positions.length === 0 || records.length === 0) return records;
  const qualified = encryptedColumnsOfKind(kind);
  const { rows } = await client.query<Record<string, string | null>>(
    `select source_record_id, ${positions.map((i) => quote(kind.columns[i]!.column)).join(', ')}
       from ${quote(kind.dbSchema)}.${quote(kind.table)} where source_record_id = any($1::text[])`,
    [records.map((r) => r.sourceRecordId)],
  );
  const stored = new Map(rows.map((r) => [r.source_record_id!, r]));
  const encryption = fieldEncryption();
  const opened = (column: string, value: string | null | undefined): string | null | undefined => {
    try {
      return encryption.open(column, value);
    } catch {
      return undefined;
    }
  };
  return records.map((record) => {
    const held = stored.get(record.sourceRecordId);
    const values = [...record.values];
    positions.forEach((i, k) => {
      const value = values[i] == null ? null : String(values[i]);
      const before = held?.[kind.columns[i]!.column];
      values[i] = before != null && value !== null && opened(qualified[k]!, before) === value ? before : encryption.seal(qualified[k]!, value);
    });
    return { ...record, values };
  });
}
