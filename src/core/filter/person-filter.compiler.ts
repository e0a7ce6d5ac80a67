import type { DepartmentModule } from '../../contract/department-module.js';
import { badUserInput } from '../errors.js';
import { anyOf } from './predicates.js';
import type { SqlBuilder } from '../../contract/sql-builder.js';
import { regionPrefixMatch } from './region-prefix.js';
import { dimensionsOf } from '../../reports/dimensions.js';
import { compileDimensionFilters, type DimensionFilterInput } from '../../reports/dimension-filter.js';

/** The core part of `PersonFilter`; department parts live under their `personField`. */
export interface PersonFilterInput {
  and?: PersonFilterInput[] | null;
  or?: PersonFilterInput[] | null;
  not?: PersonFilterInput | null;
  regionCode?: string | null;
  gender?: string | null;
  age?: { min?: number | null; max?: number | null } | null;
  monitoringStatus?: string[] | null;
  registeredPoor?: boolean | null;
  deceased?: boolean | null;
  dimensions?: DimensionFilterInput[] | null;
  [departmentField: string]: unknown;
}

export interface FilterScope {
  departments: readonly DepartmentModule[];
  /** SQL alias of the `core.person` row being tested. */
  person: string;
  /** SQL alias of that person's `core.household` row (left-joined by the caller). */
  household: string;
}

const MAX_DEPTH = 10;

/**
 * The household's monitoring status, any of `values`, where a person without a household has
 * status NONE (as in the report's MONITORING_STATUS dimension). Without NONE the plain test is
 * kept as its own conjunct, so the planner may still turn the household left join into a join.
 */
function monitoringStatusIn(h: string, values: readonly string[] | null | undefined, sql: SqlBuilder): string | undefined {
  if (values == null || values.length === 0) return anyOf(sql, `${h}.monitoring_status`, values);
  if (values.includes('NONE')) return anyOf(sql, `coalesce(${h}.monitoring_status, 'NONE')`, values);
  return `(${h}.id is not null and ${anyOf(sql, `${h}.monitoring_status`, values)})`;
}

/**
 * Compiles a `PersonFilter` to one SQL boolean expression over `scope.person` / `scope.household`.
 * Department predicates become IN / NOT EXISTS subqueries, so Postgres does all the filtering.
 *
 * A filter means the same in lists, reports and warnings, persons without a household included:
 * every leaf is two-valued (true or false, never NULL — a missing household is status NONE, in no
 * region, not registered poor), and `not` is compiled as `is not true`, so `not F` is exactly the
 * complement of `F` even if a contributed predicate ever yields NULL. Plain `not` would drop every
 * person for whom `F` is NULL from both `F` and `not F`.
 * @throws GraphQLError BAD_USER_INPUT naming the offending path.
 */
export function compilePersonFilter(
  filter: PersonFilterInput | null | undefined,
  scope: FilterScope,
  sql: SqlBuilder,
  path = 'filter',
  depth = 0,
): string {
  if (filter == null) return 'true';
  if (depth > MAX_DEPTH) throw badUserInput(path, `filters nest at most ${MAX_DEPTH} levels deep`);
  const { person: p, household: h } = scope;
  const parts: string[] = [];
  const push = (cond: string | undefined) => {
    if (cond) parts.push(cond);
  };

  if (filter.and != null) {
    filter.and.forEach((f, i) => parts.push(compilePersonFilter(f, scope, sql, `${path}.and[${i}]`, depth + 1)));
  }
  if (filter.or != null) {
    const alternatives = filter.or.map((f, i) => compilePersonFilter(f, scope, sql, `${path}.or[${i}]`, depth + 1));
    parts.push(alternatives.length ? `(${alternatives.join(' or ')})` : 'false');
  }
  if (filter.not != null) parts.push(`(${compilePersonFilter(filter.not, scope, sql, `${path}.not`, depth + 1)}) is not true`);

  if (filter.regionCode != null) {
    if (!/^\d{2,12}$/.test(filter.regionCode)) throw badUserInput(`${path}.regionCode`, 'must be 2 to 12 digits of a division code');
    // A person without a household has no code: false, not NULL.
    push(`(${p}.region_code is not null and ${regionPrefixMatch(`${p}.region_code`, filter.regionCode, sql)})`);
  }
  if (filter.gender != null) push(`${p}.gender = ${sql.param(filter.gender)}`);
  if (filter.age != null) {
    const { min, max } = filter.age;
    if ((min != null && min < 0) || (max != null && max < 0)) throw badUserInput(`${path}.age`, 'ages cannot be negative');
    if (min != null && max != null && min > max) throw badUserInput(`${path}.age`, `min (${min}) is greater than max (${max})`);
    // Age in whole years: at least `min` ⇔ born on or before today − min years.
    if (min != null) push(`${p}.birth_date <= current_date - make_interval(years => ${sql.param(min)}::int)`);
    if (max != null) push(`${p}.birth_date > current_date - make_interval(years => ${sql.param(max + 1)}::int)`);
  }
  push(monitoringStatusIn(h, filter.monitoringStatus, sql));
  if (filter.registeredPoor != null) push(`coalesce(${h}.registered_poor, false) = ${sql.param(filter.registeredPoor)}`);
  if (filter.deceased != null) push(`${p}.deceased_date is ${filter.deceased ? 'not ' : ''}null`);

  for (const department of scope.departments) {
    const input = filter[department.personField];
    if (input == null || !department.filter) continue;
    parts.push(...department.filter(input as Record<string, unknown>, p, sql));
  }
  if (filter.dimensions != null) {
    parts.push(...compileDimensionFilters(filter.dimensions, dimensionsOf(scope.departments), scope, sql, `${path}.dimensions`));
  }
  return parts.length === 0 ? 'true' : parts.length === 1 ? parts[0]! : `(${parts.join(' and ')})`;
}
