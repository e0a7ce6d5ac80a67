import type { SqlBuilder } from '../../contract/sql-builder.js';

/**
 * Building blocks for department filter compilers. Each returns SQL text whose values are bound
 * through the builder, so compilers read like the predicate they implement.
 */

/** `column = any(?)` for a non-empty list; undefined when the list is absent. */
export function anyOf(
  sql: SqlBuilder,
  column: string,
  values: readonly unknown[] | null | undefined,
  elementType: 'text' | 'int' = 'text',
): string | undefined {
  if (values == null) return undefined;
  if (values.length === 0) return 'false';
  return `${column} = any(${sql.array(values, elementType)})`;
}

/**
 * "The person has such a record" — or, with `negate`, has none.
 *
 * The positive test is `<person>.id in (select r.person_id from <table> r where …)`, written
 * uncorrelated on purpose: in WHERE Postgres plans it as a semi-join, and inside a select list
 * (report rates) as one hashed subplan built once, where a correlated EXISTS would probe the table
 * once per person. The negative test is a correlated `not exists`, which Postgres plans as an
 * anti-join after the other conditions have narrowed the rows; `not in` would instead be checked
 * against every person first. The conditions are built by `where(alias)` so every value is bound
 * after the alias is known, keeping placeholders in text order.
 */
export function existsRecord(
  sql: SqlBuilder,
  table: string,
  personAlias: string,
  where: (alias: string) => Array<string | undefined> = () => [],
  negate = false,
): string {
  const alias = sql.alias('r');
  const conditions = where(alias).filter((c): c is string => !!c);
  if (negate) {
    return `not exists (select 1 from ${table} ${alias} where ${[`${alias}.person_id = ${personAlias}.id`, ...conditions].join(' and ')})`;
  }
  const filter = conditions.length ? ` where ${conditions.join(' and ')}` : '';
  return `${personAlias}.id in (select ${alias}.person_id from ${table} ${alias}${filter})`;
}

/** The record test when `wanted` is true, its negation when false, undefined when absent. */
export function hasRecord(wanted: boolean | null | undefined, test: (negate: boolean) => string): string | undefined {
  if (wanted == null) return undefined;
  return test(!wanted);
}
