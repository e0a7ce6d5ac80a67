import type pg from 'pg';
import { isCiphertext } from './field-cipher.js';
import type { FieldEncryption } from './field-encryption.js';
import { HOUSEHOLD_ADDRESS, PERSON_ADDRESS, PERSON_ID_NUMBER, PERSON_PHONE } from './encrypted-columns.js';

/** Rows per statement: one round trip each way, small enough not to hold locks long. */
const BATCH = 2000;

export interface InPlaceProgress {
  persons: number;
  households: number;
}

/**
 * The data half of the field-encryption migration: seals every person and household value still in
 * clear and fills the ID number's blind index and county where missing, in id order and batches of
 * {@link BATCH}, each its own transaction. Resumable and idempotent: a value already in ciphertext
 * form is kept as it is, so an interrupted run — or a second hub starting at the same time —
 * carries on where the rows say. With encryption off only the indexes are filled.
 */
export async function encryptInPlace(client: pg.ClientBase, encryption: FieldEncryption, onBatch?: (done: InPlaceProgress) => void): Promise<InPlaceProgress> {
  const done: InPlaceProgress = { persons: 0, households: 0 };
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
  for (let after = '0'; ; ) {
    const { rows } = await client.query<{ id: string; address: string }>(
      `select id::text, address from core.household where id > $1::bigint and ${clear('address')} order by id limit ${BATCH}`,
      [after],
    );
    if (rows.length === 0) break;
    await client.query(`update core.household h set address = u.address from unnest($1::bigint[], $2::text[]) as u(id, address) where h.id = u.id`, [
      rows.map((r) => r.id),
      rows.map((r) => encryption.seal(HOUSEHOLD_ADDRESS, r.address)),
    ]);
    done.households += rows.length;
    after = rows[rows.length - 1]!.id;
    onBatch?.(done);
  }
  return done;
}
