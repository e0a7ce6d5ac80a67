import type { RecordKind } from '../../contract/department-module.js';

/** Column naming a record's owner (`person_id`, `household_id`, or the kind's own). */
export const ownerColumn = (kind: RecordKind) => kind.ownerColumn ?? `${kind.owner}_id`;

const kindKeys = new WeakMap<RecordKind, string>();

/**
 * Identity of a record kind as read: table plus owner column (one table may be read from two
 * ends). Kinds are declared once, so the key is built once per kind, not on every record load.
 */
export function kindKey(kind: RecordKind): string {
  let key = kindKeys.get(kind);
  if (key === undefined) kindKeys.set(kind, (key = `${kind.schema}.${kind.table}.${ownerColumn(kind)}`));
  return key;
}

/** Kinds without repeats, in a stable order, so statement texts (and prepared statements) stay few. */
export function distinctKinds(kinds: Iterable<RecordKind>): RecordKind[] {
  return [...new Map([...kinds].map((k) => [kindKey(k), k])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, k]) => k);
}

/**
 * Select-list entry: every record of `kind` owned by `ownerExpr` as one JSON array (rows as
 * `json_agg` elements, snake_case columns) named `as`. An index probe per owner and kind.
 */
export function recordListColumn(kind: RecordKind, ownerExpr: string, as: string): string {
  return `(select coalesce(json_agg(r order by ${kind.orderBy}), '[]'::json) from ${kind.schema}.${kind.table} r where r.${ownerColumn(kind)} = ${ownerExpr}) as ${as}`;
}

/** The record-list columns `k0…kn` for `kinds`, each led by a comma (nothing for no kinds). */
export function recordListColumns(kinds: readonly RecordKind[], ownerExpr: string): string {
  return kinds.map((kind, i) => `, ${recordListColumn(kind, ownerExpr, `k${i}`)}`).join('');
}
