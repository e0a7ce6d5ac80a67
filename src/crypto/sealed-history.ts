import type pg from 'pg';
import { CIPHERTEXT_PREFIX, isCiphertext, type FieldCipher } from './field-cipher.js';
import type { FieldEncryption } from './field-encryption.js';
import { tablesOf } from './encrypted-columns.js';

/**
 * Earlier versions of department records (`core.record_history.previous`, the row as jsonb, kept by
 * the history trigger) carry the encrypted columns as they were stored: ciphertext, opened with the
 * same column name. Key rotation must move them like the live rows — a retired key would otherwise
 * leave old versions unreadable — and the in-place conversion must seal what an older database
 * kept there in clear.
 */

const BATCH = 1000;

/** `like` pattern of a history row holding a value under `keyId` (`_` and `%` escaped). */
const holdsKey = (keyId: string) => `%"${CIPHERTEXT_PREFIX}${keyId.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;
const HOLDS_ANY = `%"${CIPHERTEXT_PREFIX}%`;

/** History rows per key id (a row counts once per key it names). */
export async function historyKeyUsage(client: pg.ClientBase): Promise<Record<string, number>> {
  const { rows } = await client.query<{ key_id: string; rows: string }>(
    `select m[1] as key_id, count(distinct h.id)::text as rows
       from core.record_history h cross join lateral regexp_matches(h.previous::text, '"sm4:v1:([^:"]+):', 'g') as m
      where h.previous::text like $1
      group by 1`,
    [HOLDS_ANY],
  );
  return Object.fromEntries(rows.map((r) => [r.key_id, Number(r.rows)]));
}

/** The condition (over `h`) of a history row of a table in `columns` keeping one of its encrypted values in clear. */
function clearHistoryCondition(columns: ReadonlySet<string>, params: unknown[]): string | null {
  const tables = tablesOf(columns).filter((t) => !t.table.startsWith('core.'));
  if (tables.length === 0) return null;
  return tables
    .map((t) => {
      const [schema, table] = t.table.split('.');
      params.push(schema, table);
      const clear = t.columns.map((c) => `(jsonb_typeof(h.previous -> '${c}') = 'string' and h.previous ->> '${c}' not like 'sm4:%')`).join(' or ');
      return `(h.record_schema = $${params.length - 1} and h.record_table = $${params.length} and (${clear}))`;
    })
    .join(' or ');
}

/** History rows keeping an encrypted column's value in clear. */
export async function clearHistoryRows(client: pg.ClientBase, columns: ReadonlySet<string>): Promise<number> {
  const params: unknown[] = [];
  const condition = clearHistoryCondition(columns, params);
  if (!condition) return 0;
  const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from core.record_history h where ${condition}`, params);
  return Number(rows[0]!.n);
}

/** History rows with a value under `keyId`: what retiring it must wait for. */
export async function historyRowsUsingKey(client: pg.ClientBase, keyId: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from core.record_history where previous::text like $1`, [holdsKey(keyId)]);
  return Number(rows[0]!.n);
}

type HistoryRow = { id: string; record_schema: string; record_table: string; previous: Record<string, unknown> };

/** Rewrites `previous` of each row whose values `change` altered; returns the rows written. */
async function rewrite(client: pg.ClientBase, rows: HistoryRow[], change: (row: HistoryRow, key: string, value: string) => string | null): Promise<number> {
  const ids: string[] = [];
  const values: string[] = [];
  for (const row of rows) {
    let changed = false;
    const next: Record<string, unknown> = { ...row.previous };
    for (const [key, value] of Object.entries(row.previous)) {
      if (typeof value !== 'string') continue;
      const replaced = change(row, key, value);
      if (replaced !== null && replaced !== value) {
        next[key] = replaced;
        changed = true;
      }
    }
    if (changed) {
      ids.push(row.id);
      values.push(JSON.stringify(next));
    }
  }
  if (ids.length === 0) return 0;
  const result = await client.query(`update core.record_history h set previous = u.p::jsonb from unnest($1::bigint[], $2::text[]) as u(id, p) where h.id = u.id`, [ids, values]);
  return result.rowCount ?? 0;
}

/**
 * Moves every history value under a key other than the active one to it, in id order and batches
 * (each its own statement: resumable, the selection is by ciphertext prefix). History rows are
 * written once and never updated by the hub, so no concurrent writer can be overtaken.
 */
export async function reencryptHistory(client: pg.ClientBase, cipher: FieldCipher, opts: { batch?: number; stopped?: () => boolean; onBatch?: (moved: number) => void } = {}): Promise<{ moved: number; stopped: boolean }> {
  const active = cipher.keyring.active.id;
  const old = [...cipher.keyring.keys.keys()].filter((id) => id !== active).map(holdsKey);
  let moved = 0;
  if (old.length === 0) return { moved, stopped: false };
  for (let after = '0'; ; ) {
    if (opts.stopped?.()) return { moved, stopped: true };
    const { rows } = await client.query<HistoryRow>(
      `select id::text, record_schema, record_table, previous from core.record_history where id > $1::bigint and previous::text like any($2::text[]) order by id limit ${opts.batch ?? BATCH}`,
      [after, old],
    );
    if (rows.length === 0) break;
    moved += await rewrite(client, rows, (row, key, value) => {
      if (!isCiphertext(value) || value.startsWith(`${CIPHERTEXT_PREFIX}${active}:`)) return null;
      const column = `${row.record_schema}.${row.record_table}.${key}`;
      return cipher.encrypt(column, cipher.decrypt(column, value));
    });
    after = rows[rows.length - 1]!.id;
    opts.onBatch?.(moved);
  }
  return { moved, stopped: false };
}

/** Seals the clear values of encrypted columns kept in history (the in-place conversion's share of it). */
export async function sealHistoryInPlace(client: pg.ClientBase, encryption: FieldEncryption, columns: ReadonlySet<string>): Promise<number> {
  // $1 is each batch's `after`; the condition's tables follow it.
  const params: unknown[] = [null];
  const condition = clearHistoryCondition(columns, params);
  if (!condition) return 0;
  const text = `select h.id::text, h.record_schema, h.record_table, h.previous from core.record_history h where h.id > $1::bigint and (${condition}) order by h.id limit ${BATCH}`;
  const tables = params.slice(1);
  let sealed = 0;
  for (let after = '0'; ; ) {
    const { rows } = await client.query<HistoryRow>(text, [after, ...tables]);
    if (rows.length === 0) return sealed;
    sealed += await rewrite(client, rows, (row, key, value) => {
      const column = `${row.record_schema}.${row.record_table}.${key}`;
      return columns.has(column) && !isCiphertext(value) ? encryption.seal(column, value) : null;
    });
    after = rows[rows.length - 1]!.id;
  }
}
