/**
 * Columns stored as SM4 ciphertext (`schema.table.column`, also each value's associated data).
 * Reads open them (core-rows' resolvers, the compiled read's decrypt walk), writes seal them
 * (intake, the demo seed, the in-place conversion). Department columns join this list when their
 * writers and readers seal and open them. Everything else is stored in clear: derived columns
 * (birth date, gender, region codes) exist so that reports and filters never decrypt.
 */
export const ENCRYPTED_COLUMNS: ReadonlySet<string> = new Set(['core.person.id_number', 'core.person.phone', 'core.person.address', 'core.household.address']);

export const PERSON_ID_NUMBER = 'core.person.id_number';
export const PERSON_PHONE = 'core.person.phone';
export const PERSON_ADDRESS = 'core.person.address';
export const HOUSEHOLD_ADDRESS = 'core.household.address';

/** Whether `column` of `table` (`schema.table`) holds ciphertext. */
export const isEncryptedColumn = (table: string, column: string): boolean => ENCRYPTED_COLUMNS.has(`${table}.${column}`);
