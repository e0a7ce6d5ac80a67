import type pg from 'pg';
import { isCiphertext } from './field-cipher.js';
import type { FieldEncryption } from './field-encryption.js';
import { PERSON_ADDRESS, PERSON_ID_NUMBER, PERSON_PHONE, tablesOf, type SealedTable } from './encrypted-columns.js';
import { sealHistoryInPlace } from './sealed-history.js';

/** Rows per statement: one round trip each way, small enough not to hold locks long. */
const BATCH = 2000;

export interface InPlaceProgress {
  persons: number;
  /** Rows of the other tables holding encrypted columns (households, department records, record history). */
  rows: number;
}

/**
 * The data half of the field-encryption migration: seals every value of an encrypted column
 * (`columns`, src/crypto/encrypted-columns.ts) still in clear — persons, households, department
 * records and their kept earlier versions — and fills the ID number's blind index and county where missing, in id order and batches of
 * {@link BATCH}, each its own transaction. Resumable and idempotent: a value already in ciphertext
 * form is kept as it is, so an interrupted run — or a second hub starting at the same time —
 * carries on where the rows say. With encryption off only the indexes are filled.
 */
export async function encryptInPlace(client: pg.ClientBase, encryption: FieldEncryption, columns: ReadonlySet<string>, onBatch?: (done: InPlaceProgress) => void): Promise<InPlaceProgress> {
  const done: InPlaceProgress = { persons: 0, rows: 0 };
  const sealing = encryption.mode === 'on';
  const clear = (column: string) => `(${column} is not null and ${column} not like 'sm4:%')`;
  const personNeeds = sealing ? `(${clear('id_number')} or ${clear('phone')} or ${clear('address')} or id_number_bidx is null or id_number_county is null)` : `(id_number_bidx is null or id_number_county is null)`;
  for (let after = '0'; ; ) {
    const { rows } = await client.query<{ id: string; id_number: string; phone: string | null; address: string | null }>(
      `select id::text, id_number, phone, address from core.person where id > $1::bigint and ${personNeeds} order by id limit ${BATCH}`,
      [after],
    );
    if (rows.length === 0) break;
    const plain = (column: string, value: string | null) => (value !== null && isCiphertext(value) ? encryption.open(column, value) : value);
    const keep = (column: string, value: string | null) => (value === null || isCiphertext(value) || !sealing ? value : encryption.seal(column, value));
    const idNumbers = rows.map((r) => plain(PERSON_ID_NUMBER, r.id_number)!);
    await client.query(
      `update core.person p set id_number = u.id_number, phone = u.phone, address = u.address, id_number_bidx = u.bidx, id_number_county = u.county
         from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as u(id, id_number, phone, address, bidx, county)
        where p.id = u.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => keep(PERSON_ID_NUMBER, r.id_number)),
        rows.map((r) => keep(PERSON_PHONE, r.phone)),
        rows.map((r) => keep(PERSON_ADDRESS, r.address)),
        idNumbers.map((n) => encryption.idNumberIndex(n)),
        idNumbers.map((n) => n.slice(0, 6)),
      ],
    );
    done.persons += rows.length;
    after = rows[rows.length - 1]!.id;
    onBatch?.(done);
  }
  if (!sealing) return done;
  for (const table of tablesOf(columns).filter((t) => t.table !== 'core.person')) {
    await sealTableInPlace(client, encryption, table, (n) => {
      done.rows += n;
      onBatch?.(done);
    });
  }
  done.rows += await sealHistoryInPlace(client, encryption, columns);
  return done;
}

/** Seals the clear values of one table's encrypted columns, in id order and batches. */
async function sealTableInPlace(client: pg.ClientBase, encryption: FieldEncryption, t: SealedTable, onBatch: (rows: number) => void): Promise<void> {
  const anyClear = t.columns.map((c) => `(${c} is not null and ${c} not like 'sm4:%')`).join(' or ');
  for (let after = '0'; ; ) {
    const { rows } = await client.query<Record<string, string | null>>(
      `select ${t.key}::text as k, ${t.columns.join(', ')} from ${t.table} where ${t.key} > $1::bigint and (${anyClear}) order by ${t.key} limit ${BATCH}`,
      [after],
    );
    if (rows.length === 0) return;
    const params: unknown[] = [rows.map((r) => r.k)];
    for (const c of t.columns) {
      const column = `${t.table}.${c}`;
      params.push(rows.map((r) => (r[c] == null || isCiphertext(r[c]!) ? r[c] : encryption.seal(column, r[c]))));
    }
    const sets = t.columns.map((c, i) => `${c} = u.c${i}`).join(', ');
    const unnest = t.columns.map((_, i) => `$${i + 2}::text[]`).join(', ');
    await client.query(`update ${t.table} s set ${sets} from unnest($1::bigint[], ${unnest}) as u(k, ${t.columns.map((_, i) => `c${i}`).join(', ')}) where s.${t.key} = u.k`, params);
    onBatch(rows.length);
    after = rows[rows.length - 1]!.k!;
  }
}
