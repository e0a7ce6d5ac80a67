import type pg from 'pg';
import { FieldCryptoError } from './field-crypto-error.js';
import { retireFieldKeyInFile } from './field-key-rotation.js';
import { CIPHERTEXT_PREFIX, keyIdOf } from './field-cipher.js';
import type { FieldCipher } from './field-cipher.js';
import { tablesOf, type SealedTable } from './encrypted-columns.js';
import { clearHistoryRows, historyKeyUsage, historyRowsUsingKey, reencryptHistory } from './sealed-history.js';

/** Rows per statement: one round trip each way, short enough that an intake waits little for its row. */
const BATCH = 1000;
/**
 * Full passes before giving up: a hub that has not yet read the rotated key file (within a second,
 * src/crypto/field-encryption.ts) may write under the old key behind the cursor; the next pass
 * moves those rows. Rows still left after this many passes come from a process that never re-reads
 * its keys (keys from CAREGRAPH_FIELD_KEYS): it needs a restart.
 */
const MAX_PASSES = 5;

/**
 * Every table holding ciphertext: the catalogue's columns (persons, households, the departments'
 * third parties, src/crypto/encrypted-columns.ts) and the key check's canary, which must move too —
 * else a hub starting after the old key's retirement could not open it (FIELD_KEY_WRONG). Earlier
 * versions of department records (`core.record_history.previous`) hold ciphertext too: see
 * src/crypto/sealed-history.ts.
 */
export function sealedTables(columns: ReadonlySet<string>): SealedTable[] {
  return [...tablesOf(columns), { table: 'core.key_check', key: 'purpose', keyType: 'text', columns: ['value'] }];
}

/** A `like` pattern of the values encrypted with `keyId` (`_` is a wildcard of `like`, and allowed in ids). */
export const keyIdPattern = (keyId: string): string => `${CIPHERTEXT_PREFIX}${keyId.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;

/** Rows per key id (a row counts once per key its columns name), and rows with a value still in clear. */
export interface KeyUsage {
  rowsByKey: Map<string, number>;
  clearRows: number;
  byTable: Array<{ table: string; rowsByKey: Record<string, number> }>;
}

export async function keyUsage(client: pg.ClientBase, columns: ReadonlySet<string>): Promise<KeyUsage> {
  const usage: KeyUsage = { rowsByKey: new Map(), clearRows: 0, byTable: [] };
  for (const t of sealedTables(columns)) {
    const values = t.columns.map((c) => `(${c})`).join(', ');
    const { rows } = await client.query<{ key_id: string; rows: string }>(
      `select split_part(v, ':', 3) as key_id, count(distinct s.${t.key})::text as rows
         from ${t.table} s cross join lateral (values ${values}) as x(v)
        where v like $1
        group by 1`,
      [`${CIPHERTEXT_PREFIX}%`],
    );
    const rowsByKey: Record<string, number> = {};
    for (const r of rows) {
      rowsByKey[r.key_id] = Number(r.rows);
      usage.rowsByKey.set(r.key_id, (usage.rowsByKey.get(r.key_id) ?? 0) + Number(r.rows));
    }
    usage.byTable.push({ table: t.table, rowsByKey });
    if (t.table !== 'core.key_check') {
      const clear = t.columns.map((c) => `(${c} is not null and ${c} not like $1)`).join(' or ');
      const [{ n }] = (await client.query<{ n: string }>(`select count(*)::text as n from ${t.table} where ${clear}`, [`${CIPHERTEXT_PREFIX}%`])).rows as [{ n: string }];
      usage.clearRows += Number(n);
    }
  }
  const history = await historyKeyUsage(client);
  for (const [id, rows] of Object.entries(history)) usage.rowsByKey.set(id, (usage.rowsByKey.get(id) ?? 0) + rows);
  usage.byTable.push({ table: 'core.record_history', rowsByKey: history });
  usage.clearRows += await clearHistoryRows(client, columns);
  return usage;
}

/** Rows of every sealed table with a value under `keyId`, by its ciphertext prefix: what retire refuses on. */
export async function rowsUsingKey(client: pg.ClientBase, columns: ReadonlySet<string>, keyId: string): Promise<number> {
  let total = await historyRowsUsingKey(client, keyId);
  for (const t of sealedTables(columns)) {
    const where = t.columns.map((c) => `${c} like $1`).join(' or ');
    const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from ${t.table} where ${where}`, [keyIdPattern(keyId)]);
    total += Number(rows[0]!.n);
  }
  return total;
}

export interface ReencryptProgress {
  /** Rows rewritten so far. */
  moved: number;
  /** Rows the first count found under other keys (more may be written meanwhile). */
  total: number;
  pass: number;
}

export interface ReencryptOptions {
  onBatch?: (progress: ReencryptProgress) => void;
  /** Checked between batches: true stops after the batch in hand (Ctrl-C); every batch is committed. */
  stopped?: () => boolean;
  batch?: number;
  /**
   * The run ends with a pass that moves nothing and starts after this time (ms since the epoch):
   * the key file's change plus the hubs' re-read interval and a margin. A pass before it may find
   * nothing while a hub still seals under the old key (src/crypto/field-encryption.ts).
   */
  settledAt?: number;
}

/**
 * Moves every encrypted value not under the active key to it: in key order and batches, each one
 * autocommitted statement, so an interruption — Ctrl-C, a killed process, a lost connection —
 * loses nothing and the next run starts over with only the rows still under an old key (the
 * selection is by ciphertext prefix, not by a remembered position). A value an intake changed
 * between the batch's read and its write is left alone (the update compares the stored value),
 * and a later pass moves it if it is still old. Returns the rows moved and those left under
 * other keys (0 unless stopped, or a process keeps writing under an old key).
 */
export async function reencryptToActive(client: pg.ClientBase, cipher: FieldCipher, columns: ReadonlySet<string>, opts: ReencryptOptions = {}): Promise<{ moved: number; left: number; stopped: boolean }> {
  const active = cipher.keyring.active.id;
  const batch = opts.batch ?? BATCH;
  const activePattern = keyIdPattern(active);
  const countLeft = async () => {
    const usage = await keyUsage(client, columns);
    return [...usage.rowsByKey].filter(([id]) => id !== active).reduce((n, [, rows]) => n + rows, 0);
  };
  const progress: ReencryptProgress = { moved: 0, total: await countLeft(), pass: 0 };
  for (let pass = 1; ; pass++) {
    progress.pass = pass;
    const passStarted = Date.now();
    let movedThisPass = 0;
    for (const t of sealedTables(columns)) {
      const old = t.columns.map((c) => `(${c} like $2 and ${c} not like $3)`).join(' or ');
      const sets = t.columns.map((c, i) => `${c} = case when s.${c} = u.o${i} then u.n${i} else s.${c} end`).join(', ');
      const unnest = t.columns.map((_, i) => `$${2 * i + 2}::text[], $${2 * i + 3}::text[]`).join(', ');
      const names = t.columns.map((_, i) => `o${i}, n${i}`).join(', ');
      for (let after: string = t.keyType === 'bigint' ? '-1' : ''; ; ) {
        if (opts.stopped?.()) return { moved: progress.moved, left: await countLeft(), stopped: true };
        const { rows } = await client.query<Record<string, string | null>>(
          `select ${t.key}::text as k, ${t.columns.join(', ')} from ${t.table} where ${t.key} > $1::${t.keyType} and (${old}) order by ${t.key} limit ${batch}`,
          [after, `${CIPHERTEXT_PREFIX}%`, activePattern],
        );
        if (rows.length === 0) break;
        const params: unknown[] = [rows.map((r) => r.k)];
        for (const c of t.columns) {
          const column = `${t.table}.${c}`;
          const olds = rows.map((r) => {
            const v = r[c];
            return v != null && keyIdOf(v) !== null && keyIdOf(v) !== active ? v : null;
          });
          params.push(olds, olds.map((v) => (v === null ? null : cipher.encrypt(column, cipher.decrypt(column, v)))));
        }
        const result = await client.query(`update ${t.table} s set ${sets} from unnest($1::${t.keyType}[], ${unnest}) as u(k, ${names}) where s.${t.key} = u.k`, params);
        progress.moved += result.rowCount ?? 0;
        movedThisPass += rows.length;
        after = rows[rows.length - 1]!.k!;
        opts.onBatch?.(progress);
      }
    }
    // A record updated during the rotation window leaves its old version, under the old key, in history.
    const history = await reencryptHistory(client, cipher, {
      batch,
      stopped: opts.stopped,
      onBatch: (moved) => opts.onBatch?.({ ...progress, moved: progress.moved + moved }),
    });
    progress.moved += history.moved;
    movedThisPass += history.moved;
    if (history.stopped) return { moved: progress.moved, left: await countLeft(), stopped: true };
    const settledAt = opts.settledAt ?? 0;
    if ((movedThisPass === 0 && passStarted >= settledAt) || pass >= MAX_PASSES) break;
    if (movedThisPass === 0) await new Promise((resolve) => setTimeout(resolve, settledAt - Date.now()));
  }
  return { moved: progress.moved, left: await countLeft(), stopped: false };
}

/**
 * Retires `keyId` from the key file once no row names it: FIELD_KEY_IN_USE while any does (run
 * reencrypt first), FIELD_KEY_ACTIVE for the active key, FIELD_KEY_UNKNOWN for a key not in the ring.
 */
export async function retireFieldKey(client: pg.ClientBase, file: string, keyId: string, columns: ReadonlySet<string>): Promise<void> {
  const rows = await rowsUsingKey(client, columns, keyId);
  if (rows > 0) throw new FieldCryptoError('FIELD_KEY_IN_USE', `${rows.toLocaleString('en')} rows still use field key "${keyId}": run npm run keys -- reencrypt first`);
  retireFieldKeyInFile(file, keyId);
}
