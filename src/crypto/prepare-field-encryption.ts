import type pg from 'pg';
import { encryptInPlace, type InPlaceProgress } from './encrypt-in-place.js';
import { forgetConverted, isConverted, markConverted } from './converted-catalogue.js';
import { fieldEncryptionFromEnvironment, installFieldEncryption, type FieldEncryption } from './field-encryption.js';
import { checkFieldKeys } from './key-check.js';

/**
 * What every process does after the SQL migrations and before reading or writing persons: load the
 * field keys from the environment (FIELD_KEY_MISSING without them), prove them against the
 * database's key check (FIELD_KEY_WRONG), encrypt in place what of `columns` is still in clear (an upgraded
 * database, a catalogue with a new encrypted column, what a process with encryption off wrote), and
 * install them for the process. Once the conversion has sealed this very catalogue it is skipped
 * (`converted` null; src/crypto/converted-catalogue.ts): values written past the hub with SQL
 * since are left to `npm run keys -- status` to find.
 */
export async function prepareFieldEncryption(client: pg.ClientBase, columns: ReadonlySet<string>): Promise<{ encryption: FieldEncryption; converted: InPlaceProgress | null }> {
  const encryption = fieldEncryptionFromEnvironment();
  await checkFieldKeys(client, encryption);
  const converted = await convertUnlessMarked(client, encryption, columns);
  installFieldEncryption(encryption);
  return { encryption, converted };
}

async function convertUnlessMarked(client: pg.ClientBase, encryption: FieldEncryption, columns: ReadonlySet<string>): Promise<InPlaceProgress | null> {
  if (encryption.mode !== 'on') {
    // This process writes in clear: the next start with encryption on must look for what it wrote.
    await forgetConverted(client);
    return encryptInPlace(client, encryption, columns);
  }
  if (await isConverted(client, columns)) return null;
  const converted = await encryptInPlace(client, encryption, columns);
  await markConverted(client, columns);
  return converted;
}
