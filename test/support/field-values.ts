import { fieldEncryption } from '../../src/crypto/field-encryption.js';
import { PERSON_ID_NUMBER } from '../../src/crypto/encrypted-columns.js';

/**
 * ID numbers are stored encrypted (src/crypto/): a test reading `core.person` with SQL opens them
 * with the hub's keys, and finds persons by the numbers' blind indexes.
 */
export const openIdNumber = (stored: string): string => fieldEncryption().open(PERSON_ID_NUMBER, stored)!;

/** The blind index of a canonical ID number (`core.person.id_number_bidx`). */
export const idNumberIndex = (idNumber: string): string => fieldEncryption().idNumberIndex(idNumber);

/** Blind indexes of several numbers, for `id_number_bidx = any($1)`. */
export const idNumberIndexes = (idNumbers: readonly string[]): string[] => idNumbers.map(idNumberIndex);
