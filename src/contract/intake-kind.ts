/**
 * The intake contract: a department declares each record kind it accepts as data — columns with
 * their Chinese and English headers, parser and whether required — and gets the GraphQL upsert
 * mutation, the CLI/HTTP import and the header documentation from that one declaration.
 */

/** How a column's raw value is read (see field-parsers.ts). */
export type ColumnType =
  | { kind: 'text'; maxLength: number }
  | { kind: 'enum'; values: Readonly<Record<string, readonly string[]>> }
  | { kind: 'date' }
  | { kind: 'money' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'bool' }
  /** `2025-03`, `2025年3月`, `202503` or any date: stored as the first day of that month. */
  | { kind: 'month' }
  /** A 12-digit division code (GB/T 2260 + township + village) that must exist in `core.region`. */
  | { kind: 'region' }
  /** Another person than the record's owner, named by ID number; must already be known to the hub. */
  | { kind: 'personRef' }
  /** Another record of the same department, named by its sourceRecordId; stored as its hub id. */
  | { kind: 'recordRef'; table: string };

/** Column kinds whose value names something in the database and is resolved set-based per batch. */
export type ReferenceType = Extract<ColumnType, { kind: 'region' | 'personRef' | 'recordRef' }>;
export const isReference = (type: ColumnType): type is ReferenceType => type.kind === 'region' || type.kind === 'personRef' || type.kind === 'recordRef';

export interface IntakeColumn {
  /** Field name in GraphQL input and the English header, camelCase: `monthlyAmount`. */
  field: string;
  /** Database column: `monthly_amount`. */
  column: string;
  /** Chinese header as ledgers write it: `月保障金额`. Further accepted headers in `aliases`. */
  zh: string;
  aliases: readonly string[];
  type: ColumnType;
  required: boolean;
  /** Postgres array type for set-based writes: `date`, `numeric`, ... */
  sqlType: string;
  /**
   * Stored as SM4 ciphertext (src/crypto/): identifiers of third parties — their names, phones,
   * certificate numbers. Intake seals it, reads open it, the column must be `text` (a ciphertext
   * is ~4/3 of the UTF-8 value plus 54 characters). Only plain text columns can be encrypted.
   */
  encrypted: boolean;
}

export interface IntakeKind {
  /** Department code: `civil-affairs`. */
  department: string;
  /** Kind name on the command line and in the import URL: `assistance-enrolment`. */
  name: string;
  /** GraphQL stem: input `<typeName>Intake`, mutation `upsert<plural>`. */
  typeName: string;
  /** Mutation name: `upsertAssistanceEnrolments`. */
  mutation: string;
  /** English and Chinese title for docs and SDL: `Assistance enrolment (救助认定)`. */
  title: string;
  dbSchema: string;
  table: string;
  /** Records about a person name them by ID number; household records by household number (户号). */
  owner: 'person' | 'household';
  columns: readonly IntakeColumn[];
  /**
   * How a record of this kind ends (soft delete: never a loss): the end-date field set, and the
   * status it takes. Kinds that are events (visits, grants, expenses) have none.
   */
  end?: { dateField: string; status?: { field: string; value: string } };
  /** Mutation ending records by sourceRecordId (`end<plural>`), when the kind can end. */
  endMutation?: string;
  /**
   * Headers this kind's ledgers use for the identity columns, first one preferred:
   * `{ sourceRecordId: ['岗位编号'], idNumber: ['上岗人员身份证号'] }`. The generic headers stay accepted.
   */
  identityHeaders?: Readonly<Partial<Record<string, readonly string[]>>>;
}

const SQL_TYPES: Record<ColumnType['kind'], string> = {
  text: 'text', enum: 'text', date: 'date', money: 'numeric', int: 'int', bool: 'boolean', month: 'date', region: 'text', personRef: 'bigint', recordRef: 'bigint',
};

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Column builders: `col('program', '救助项目', enumOf(...), { required: true })`. */
export function col(
  field: string,
  zh: string | readonly string[],
  type: ColumnType,
  opts: { required?: boolean; column?: string; encrypted?: boolean } = {},
): IntakeColumn {
  const [first, ...aliases] = typeof zh === 'string' ? [zh] : zh;
  if (opts.encrypted && type.kind !== 'text') throw new Error(`intake column ${field}: only text columns can be encrypted`);
  return { field, column: opts.column ?? snake(field), zh: first!, aliases, type, required: opts.required ?? false, sqlType: SQL_TYPES[type.kind], encrypted: opts.encrypted ?? false };
}

export const text = (maxLength: number): ColumnType => ({ kind: 'text', maxLength });
export const enumOf = (values: Record<string, readonly string[]>): ColumnType => ({ kind: 'enum', values });
export const date: ColumnType = { kind: 'date' };
export const money: ColumnType = { kind: 'money' };
export const int = (min: number, max: number): ColumnType => ({ kind: 'int', min, max });
export const bool: ColumnType = { kind: 'bool' };
export const month: ColumnType = { kind: 'month' };
export const regionCode: ColumnType = { kind: 'region' };
export const personRef: ColumnType = { kind: 'personRef' };
/** A reference to a record of `table` in the kind's own department schema, by its sourceRecordId. */
export const recordRef = (table: string): ColumnType => ({ kind: 'recordRef', table });

/** Declares a kind; the mutation is named after the plural of its type unless given. */
export function defineIntakeKind(def: Omit<IntakeKind, 'mutation' | 'endMutation'> & { mutation?: string; plural?: string }): IntakeKind {
  const { plural, ...rest } = def;
  const stem = plural ?? `${def.typeName}s`;
  for (const field of Object.keys(def.identityHeaders ?? {})) {
    if (!['sourceRecordId', 'idNumber', 'name', 'householdNumber', 'sourceUpdatedAt'].includes(field)) throw new Error(`intake kind ${def.name}: identityHeaders names ${field}, not an identity column`);
  }
  for (const field of [def.end?.dateField, def.end?.status?.field]) {
    if (field && !def.columns.some((c) => c.field === field)) throw new Error(`intake kind ${def.name}: end field ${field} is not one of its columns`);
  }
  return { ...rest, mutation: def.mutation ?? `upsert${stem}`, endMutation: def.end ? `end${stem}` : undefined };
}
