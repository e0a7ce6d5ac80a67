import type { IntakeKind } from '../contract/intake-kind.js';

export const PERSON_ID_NUMBER = 'core.person.id_number';
export const PERSON_PHONE = 'core.person.phone';
export const PERSON_ADDRESS = 'core.person.address';
export const HOUSEHOLD_ADDRESS = 'core.household.address';

/** The core columns stored as SM4 ciphertext: a person's ID number, phone and address, a household's address. */
export const CORE_ENCRYPTED_COLUMNS: readonly string[] = [PERSON_ID_NUMBER, PERSON_PHONE, PERSON_ADDRESS, HOUSEHOLD_ADDRESS];

/** What the catalogue needs of a department: its intake kinds, whose columns say `encrypted`. */
export interface DeclaresIntake {
  intake?: readonly IntakeKind[];
}

/**
 * Columns stored as SM4 ciphertext (`schema.table.column`, also each value's associated data): the
 * core ones and every department intake column declared `encrypted` (third parties' names, phones,
 * certificate numbers). Writers seal them (intake, the demo seed, the in-place conversion), readers
 * open them (the fields' resolvers, the compiled read's decrypt walk), key rotation moves them.
 * Everything else is stored in clear: derived columns (birth date, gender, region codes) exist so
 * that reports and filters never decrypt.
 */
export function encryptedColumnsOf(departments: readonly DeclaresIntake[]): ReadonlySet<string> {
  return new Set([...CORE_ENCRYPTED_COLUMNS, ...departments.flatMap((d) => (d.intake ?? []).flatMap(encryptedColumnsOfKind))]);
}

/** The encrypted columns of one intake kind, qualified. */
export const encryptedColumnsOfKind = (kind: IntakeKind): string[] => kind.columns.filter((c) => c.encrypted).map((c) => `${kind.dbSchema}.${kind.table}.${c.column}`);

/** A table holding ciphertext: its key (for batches in key order) and its encrypted columns. */
export interface SealedTable {
  table: string;
  key: string;
  keyType: 'bigint' | 'text';
  columns: string[];
}

/** The catalogue's columns grouped by table (each keyed by `id`). */
export function tablesOf(columns: ReadonlySet<string>): SealedTable[] {
  const byTable = new Map<string, SealedTable>();
  for (const qualified of columns) {
    const at = qualified.lastIndexOf('.');
    const table = qualified.slice(0, at);
    let entry = byTable.get(table);
    if (!entry) byTable.set(table, (entry = { table, key: 'id', keyType: 'bigint', columns: [] }));
    entry.columns.push(qualified.slice(at + 1));
  }
  return [...byTable.values()];
}
