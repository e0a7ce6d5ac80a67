import type { SqlBuilder } from './sql-builder.js';

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
 * `<person>.id in (select r.person_id from <table> r where …)`: "the person has such a record".
 * Written uncorrelated on purpose: in WHERE Postgres plans it as a semi-join, and inside a select
 * list (report rates) as one hashed subplan built once — where a correlated EXISTS would probe
 * the table once per person (seconds at a million persons). The conditions are built by
 * `where(alias)` so every value is bound after the alias is known, keeping placeholders in order.
 */
export function existsRecord(
  sql: SqlBuilder,
  table: string,
  personAlias: string,
  where: (alias: string) => Array<string | undefined> = () => [],
): string {
  const alias = sql.alias('r');
  const conditions = where(alias).filter((c): c is string => !!c);
  const filter = conditions.length ? ` where ${conditions.join(' and ')}` : '';
  return `${personAlias}.id in (select ${alias}.person_id from ${table} ${alias}${filter})`;
}

/** The record test when `wanted` is true, its negation when false, undefined when absent. */
export function hasRecord(wanted: boolean | null | undefined, existsSql: () => string): string | undefined {
  if (wanted == null) return undefined;
  return wanted ? existsSql() : `not (${existsSql()})`;
}
