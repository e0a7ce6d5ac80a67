import type pg from 'pg';
import { encryptInPlace, type InPlaceProgress } from './encrypt-in-place.js';
import { fieldEncryptionFromEnvironment, installFieldEncryption, type FieldEncryption } from './field-encryption.js';
import { checkFieldKeys } from './key-check.js';

/**
 * What every process does after the SQL migrations and before reading or writing persons: load the
 * field keys from the environment (FIELD_KEY_MISSING without them), prove them against the
 * database's key check (FIELD_KEY_WRONG), encrypt in place what of `columns` is still in clear (an upgraded
 * database, rows a fixture or an operator wrote with SQL), and install them for the process.
 */
export async function prepareFieldEncryption(client: pg.ClientBase, columns: ReadonlySet<string>): Promise<{ encryption: FieldEncryption; converted: InPlaceProgress }> {
  const encryption = fieldEncryptionFromEnvironment();
  await checkFieldKeys(client, encryption);
  const converted = await encryptInPlace(client, encryption, columns);
  installFieldEncryption(encryption);
  return { encryption, converted };
}
