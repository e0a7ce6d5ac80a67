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
 * `exists (select 1 from <table> r where r.<ownerColumn> = <person>.id and …)`. The conditions are
 * built by `where(alias)` so every value is bound after the alias is known, keeping the
 * placeholders in text order.
 */
export function existsRecord(
  sql: SqlBuilder,
  table: string,
  personAlias: string,
  where: (alias: string) => Array<string | undefined> = () => [],
): string {
  const alias = sql.alias('r');
  const conditions = [`${alias}.person_id = ${personAlias}.id`, ...where(alias).filter((c): c is string => !!c)];
  return `exists (select 1 from ${table} ${alias} where ${conditions.join(' and ')})`;
}

/** `exists(...)` when `wanted` is true, `not exists(...)` when false, undefined when absent. */
export function hasRecord(wanted: boolean | null | undefined, existsSql: () => string): string | undefined {
  if (wanted == null) return undefined;
  return wanted ? existsSql() : `not ${existsSql()}`;
}
