import type { SqlBuilder } from '../../contract/sql-builder.js';

/** Division codes have at most 12 digits. */
const CODE_LENGTH = 12;

/**
 * `column` holds a division code under `prefix` (a region scope or the `regionCode` filter).
 * The `like` alone is exact, but as a parameter (the hub's prepared statements get generic
 * plans) PostgreSQL cannot turn it into an index range and scans the whole index. Every digit
 * code under the prefix sorts between the prefix and the prefix padded with 9s to 12 digits, in
 * any collation, so the range is added for the index; the `like` keeps the answer exact.
 */
export function regionPrefixMatch(column: string, prefix: string, sql: SqlBuilder): string {
  return rangeAndLike(column, sql.param(prefix), sql.param(prefix.padEnd(CODE_LENGTH, '9')), sql.param(`${prefix}%`));
}

/** The match itself, over SQL expressions for the prefix, the prefix padded with 9s and the `like` pattern. */
function rangeAndLike(column: string, low: string, high: string, pattern: string): string {
  return `(${column} between ${low} and ${high} and ${column} like ${pattern})`;
}

/**
 * {@link regionPrefixMatch} for statements written with positional parameters, the prefix given
 * once as `ref` (e.g. `$2::text`): the same index range and exact `like`, the padding done by
 * PostgreSQL (`rpad` is immutable, so the range is still an index condition in a generic plan).
 */
export function regionPrefixMatchAt(column: string, ref: string): string {
  return rangeAndLike(column, ref, `rpad(${ref}, ${CODE_LENGTH}, '9')`, `${ref} || '%'`);
}
