import type { EntityManager } from '@mikro-orm/postgresql';
import type { IntakeKind } from '../contract/intake-kind.js';
import { withPgClient } from '../db/pg-client.js';
import { openField } from '../crypto/open-field.js';

export interface RecordHistoryRow {
  version: number;
  changedFields: string[];
  changedBy: string | null;
  changedAt: string;
  previous: string;
}

/** Which record: by the department's key or by the hub's id. */
export type RecordRef = { sourceRecordId: string; recordId?: null } | { sourceRecordId?: null; recordId: string };

/** Earlier versions of one record of `kind`, oldest first (kept by core.keep_record_history). */
export async function recordHistory(em: EntityManager, kind: IntakeKind, ref: RecordRef): Promise<RecordHistoryRow[]> {
  return withPgClient(em, async (client) => {
    const { rows } = await client.query<RecordHistoryRow>(
      `select version, changed_fields as "changedFields", changed_by as "changedBy",
              to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "changedAt", previous::text as previous
         from core.record_history
        where record_schema = $1 and record_table = $2 and ($3::text is null or source_record_id = $3) and ($4::bigint is null or record_id = $4::bigint)
        order by version, id`,
      [kind.dbSchema, kind.table, ref.sourceRecordId ?? null, ref.recordId ?? null],
    );
    return rows.map((row) => ({ ...row, previous: openedPrevious(kind, row.previous) }));
  });
}

/** The earlier version with its encrypted columns opened: history keeps them as they were stored, in ciphertext. */
function openedPrevious(kind: IntakeKind, previous: string): string {
  const encrypted = kind.columns.filter((c) => c.encrypted);
  if (encrypted.length === 0) return previous;
  const row = JSON.parse(previous) as Record<string, unknown>;
  for (const c of encrypted) {
    const value = row[c.column];
    if (typeof value === 'string') row[c.column] = openField(`${kind.dbSchema}.${kind.table}.${c.column}`, value);
  }
  return JSON.stringify(row);
}
