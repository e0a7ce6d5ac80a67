import { fieldEncryption } from '../../src/crypto/field-encryption.js';
import { encryptedColumnsOf, PERSON_ID_NUMBER } from '../../src/crypto/encrypted-columns.js';
import { departments } from '../../src/departments/registry.js';
import type { CopyRow } from '../../src/contract/seed-table.js';

/**
 * ID numbers are stored encrypted (src/crypto/): a test reading `core.person` with SQL opens them
 * with the hub's keys, and finds persons by the numbers' blind indexes.
 */
export const openIdNumber = (stored: string): string => fieldEncryption().open(PERSON_ID_NUMBER, stored)!;

/** The blind index of a canonical ID number (`core.person.id_number_bidx`). */
export const idNumberIndex = (idNumber: string): string => fieldEncryption().idNumberIndex(idNumber);

/** Blind indexes of several numbers, for `id_number_bidx = any($1)`. */
export const idNumberIndexes = (idNumbers: readonly string[]): string[] => idNumbers.map(idNumberIndex);

/** Columns field encryption added beside the sealed ID number (derived from it, not part of the world). */
const ADDED_COLUMNS = new Set(['core.person.id_number_bidx', 'core.person.id_number_county']);

const ENCRYPTED = encryptedColumnsOf(departments);

/** A generated row with its encrypted columns opened (the demo world as generated). */
export function openedRow(table: string, columns: readonly string[], row: CopyRow): CopyRow {
  return row.map((value, i) => (typeof value === 'string' && ENCRYPTED.has(`${table}.${columns[i]}`) ? fieldEncryption().open(`${table}.${columns[i]}`, value) : value));
}

/**
 * A generated row as it was before field encryption — opened, without the columns encryption
 * added — so digests of the generated world pinned earlier still hold: random IVs make the stored
 * bytes differ on every run, the world does not.
 */
export function plainRow(table: string, columns: readonly string[], row: CopyRow): CopyRow {
  return openedRow(table, columns, row).filter((_, i) => !ADDED_COLUMNS.has(`${table}.${columns[i]}`));
}
