import { parseIdNumber } from '../identity/id-number.js';
import { fieldEncryption } from '../crypto/field-encryption.js';
import type { RecordKind } from '../contract/department-module.js';
import { ownerColumn } from '../core/queries/record-columns.js';

/** Who a row is about, for the audit trail (as the access wrapper's `auditSubject` reads it). */
export type SubjectKind = 'person' | 'household' | 'record';

/** A type read from one table. */
export interface TableType {
  table: string;
  subject: SubjectKind;
  /** Column with the caller's region code, when rows of the type are confined to it. */
  regionColumn?: string;
}

/**
 * The core types the compiled read path reads, and how. Each entry restates, as SQL, what the
 * resolvers in resolvers/core/ do; test/integration/compiled-read.test.ts holds the two to the
 * same answers.
 */
export const CORE_TYPES: Record<string, TableType> = {
  Person: { table: 'core.person', subject: 'person', regionColumn: 'region_code' },
  Household: { table: 'core.household', subject: 'household', regionColumn: 'region_code' },
};

/** How a field leads from a row (alias `from`) to rows of another type (alias `to`). */
export interface Relation {
  target: string;
  list: boolean;
  /** Condition joining the target rows to the parent row. */
  join(to: string, from: string): string;
  /** ORDER BY of a list, over the target alias. */
  orderBy?(to: string): string;
  /** Whether the caller's region also confines the target rows (as the resolver's loader does). */
  regionScoped: boolean;
}

export const CORE_RELATIONS: Record<string, Relation> = {
  // Person.household: ctx.loaders.household(WithMembers), region-scoped; null outside the region.
  'Person.household': { target: 'Household', list: false, join: (to, from) => `${to}.id = ${from}.household_id`, regionScoped: true },
  // Household.members: ctx.loaders.members, head first then by id, not region-filtered.
  'Household.members': {
    target: 'Person',
    list: true,
    join: (to, from) => `${to}.household_id = ${from}.id`,
    orderBy: (to) => `(${to}.relation_to_head is not distinct from 'HEAD') desc, ${to}.id`,
    regionScoped: false,
  },
};

/** Person.<department>.<records>: the records of `kind` owned by the profile's person, in the kind's order. */
export function recordRelation(target: string, kind: RecordKind): Relation & { table: string } {
  return {
    target,
    list: true,
    table: `${kind.schema}.${kind.table}`,
    join: (to, from) => `${to}.${ownerColumn(kind)} = ${from}.id`,
    // The kind's ORDER BY is alias-free: inside the list's own subquery its names are the record's.
    orderBy: () => kind.orderBy,
    regionScoped: false,
  };
}

/** A root field: the row it finds from its arguments, or null when an argument is not usable (the resolver then answers). */
export interface RootLookup {
  target: string;
  argument: string;
  /** Condition over the target alias with the argument as `ref`. */
  where(to: string, ref: string): string;
  /** The argument as the statement's parameter; null sends the request to the resolver (which reports the error). */
  value(raw: unknown): string | null;
}

/**
 * How a subgraph's `_entities` finds the entity each representation names, as its
 * `__resolveReference` does (src/federation/entity-references.ts):
 * - `table`: core reads the entity's row through its region-scoped loader — an unknown or
 *   out-of-region id is a null entity in its place;
 * - `key`: a department's entity is its key alone, whatever the id (its fields read records by it).
 */
export type EntityRows = 'table' | 'key';

/** A representation row as the statement reads it (`unnest($n::bigint[]) with ordinality r(id, n)`): its id only. */
export const KEY_COLUMNS: ReadonlyMap<string, { dataType: string; nullable: boolean }> = new Map([['id', { dataType: 'bigint', nullable: false }]]);

/** A hub id in the one form `id::text` gives back (no sign, no leading zero), so the SQL answers the id the resolver echoes. */
const CANONICAL_ID = /^(0|[1-9]\d{0,17})$/;

/**
 * The ids of `_entities(representations:)` as the statement's `bigint[]` parameter, in order —
 * or null, leaving the request to the resolver path, when any representation is not of
 * `typeName` or its id is not a canonical hub id (the resolvers then answer or report it).
 */
export function representationIds(raw: unknown, typeName: string): string[] | null {
  if (!Array.isArray(raw)) return null;
  const ids: string[] = [];
  for (const representation of raw) {
    const { __typename, id } = (representation ?? {}) as { __typename?: unknown; id?: unknown };
    if (__typename !== typeName || (typeof id !== 'string' && typeof id !== 'number')) return null;
    const text = String(id);
    if (!CANONICAL_ID.test(text)) return null;
    ids.push(text);
  }
  return ids;
}

const HUB_ID = /^\d{1,18}$/;
const hubId = (raw: unknown) => (raw != null && HUB_ID.test(String(raw)) ? String(raw) : null);

export const ROOT_LOOKUPS: Record<string, RootLookup> = {
  person: { target: 'Person', argument: 'id', where: (to, ref) => `${to}.id = ${ref}::bigint`, value: hubId },
  household: { target: 'Household', argument: 'id', where: (to, ref) => `${to}.id = ${ref}::bigint`, value: hubId },
  personByIdNumber: {
    target: 'Person',
    argument: 'idNumber',
    // The ID number is stored encrypted: found by its blind index.
    where: (to, ref) => `${to}.id_number_bidx = ${ref}::text`,
    value: (raw) => {
      let canonical: string;
      try {
        canonical = parseIdNumber(String(raw)).idNumber;
      } catch {
        return null;
      }
      return fieldEncryption().idNumberIndex(canonical);
    },
  },
};
