import type { DepartmentModule } from '../../departments/department-module.js';
import { badUserInput } from '../errors.js';
import { anyOf } from './predicates.js';
import type { SqlBuilder } from './sql-builder.js';
import { regionPrefixMatch } from './region-prefix.js';

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
 * Compiles a `PersonFilter` to one SQL boolean expression over `scope.person` / `scope.household`.
 * Department predicates become correlated EXISTS subqueries, so Postgres does all the filtering.
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
  if (filter.not != null) parts.push(`not (${compilePersonFilter(filter.not, scope, sql, `${path}.not`, depth + 1)})`);

  if (filter.regionCode != null) {
    if (!/^\d{2,12}$/.test(filter.regionCode)) throw badUserInput(`${path}.regionCode`, 'must be 2 to 12 digits of a division code');
    push(regionPrefixMatch(`${p}.region_code`, filter.regionCode, sql));
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
  push(anyOf(sql, `${h}.monitoring_status`, filter.monitoringStatus));
  if (filter.registeredPoor != null) push(`coalesce(${h}.registered_poor, false) = ${sql.param(filter.registeredPoor)}`);
  if (filter.deceased != null) push(`${p}.deceased_date is ${filter.deceased ? 'not ' : ''}null`);

  for (const department of scope.departments) {
    const input = filter[department.personField];
    if (input == null || !department.filter) continue;
    parts.push(...department.filter(input as Record<string, unknown>, p, sql));
  }
  return parts.length === 0 ? 'true' : parts.length === 1 ? parts[0]! : `(${parts.join(' and ')})`;
}
