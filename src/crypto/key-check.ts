import type pg from 'pg';
import { FieldCryptoError } from './field-crypto-error.js';
import type { FieldEncryption } from './field-encryption.js';

const CANARY_COLUMN = 'core.key_check.value';
const CANARY = 'CareGraph field key check';
const CANARY_ID_NUMBER = '110105194912310021';

/**
 * Proves at start that the field keys are the ones this database's values were written with:
 * two canaries in `core.key_check`, written by the first hub that had keys — a ciphertext of a
 * fixed text under the active key, and the blind index of a fixed ID number. A wrong key, a
 * wrong blind index key or a key file missing the canary's key id stops the hub with
 * FIELD_KEY_WRONG instead of serving garbage or finding no one by ID number.
 */
export async function checkFieldKeys(client: pg.ClientBase, encryption: FieldEncryption): Promise<void> {
  const cipher = encryption.cipher;
  // Off without keys (a benchmark): nothing is encrypted or indexed with a key, nothing to check.
  if (!cipher) return;
  await client.query(`insert into core.key_check (purpose, value) values ('fields', $1), ('blind-index', $2) on conflict (purpose) do nothing`, [
    cipher.encrypt(CANARY_COLUMN, CANARY),
    encryption.idNumberIndex(CANARY_ID_NUMBER),
  ]);
  const { rows } = await client.query<{ purpose: string; value: string }>(`select purpose, value from core.key_check where purpose in ('fields', 'blind-index')`);
  const stored = new Map(rows.map((r) => [r.purpose, r.value]));
  const where = cipher.keyring.source;
  let opened: string | null = null;
  try {
    opened = cipher.decrypt(CANARY_COLUMN, stored.get('fields')!);
  } catch (err) {
    if (!(err instanceof FieldCryptoError)) throw err;
    throw new FieldCryptoError('FIELD_KEY_WRONG', `the field keys of ${where} do not open this database's key check (${err.code}): they are not the keys its values were encrypted with`);
  }
  if (opened !== CANARY) throw new FieldCryptoError('FIELD_KEY_WRONG', `the field keys of ${where} open this database's key check to the wrong text`);
  if (stored.get('blind-index') !== encryption.idNumberIndex(CANARY_ID_NUMBER)) {
    throw new FieldCryptoError('FIELD_KEY_WRONG', `the blind index key of ${where} is not the one this database's ID numbers were indexed with: look-ups by ID number would find no one`);
  }
}
