import type { SqlBuilder } from '../contract/sql-builder.js';
import { regionPrefixMatch } from '../core/filter/region-prefix.js';
import { badUserInput } from '../core/errors.js';
import type { DimensionSpec } from '../contract/report-dimension.js';

/** `PersonFilter.dimensions[i]`: persons whose value of `dimension` is one of `values`. */
export interface DimensionFilterInput {
  dimension: string;
  values: readonly string[];
}

/** The aliases every DimensionSpec's SQL is written over (the report's person and household). */
const PERSON = 'p';
const HOUSEHOLD = 'h';

function checkValues(spec: DimensionSpec, values: readonly string[], path: string): void {
  values.forEach((value, k) => {
    if (spec.region) {
      if (value !== 'NONE' && !new RegExp(`^\\d{${spec.region.digits}}$`).test(value)) {
        throw badUserInput(`${path}.values[${k}]`, `${JSON.stringify(value)} is neither a ${spec.region.digits}-digit division code nor NONE`);
      }
    } else if (spec.labels && !Object.hasOwn(spec.labels, value)) {
      throw badUserInput(`${path}.values[${k}]`, `${JSON.stringify(value)} is not a value of this dimension (one of ${Object.keys(spec.labels).join(', ')})`);
    }
  });
}

/**
 * For region dimensions, the same set as an index condition on `p.region_code`: a code's persons
 * are a range of the person's 12-digit code, NONE is a null code. It is implied by the exact test,
 * so adding it changes no answer; it lets a list read an index range instead of every person.
 */
function regionIndexCondition(spec: DimensionSpec, values: readonly string[], sql: SqlBuilder): string | undefined {
  if (!spec.region) return undefined;
  const parts = values.map((v) => (v === 'NONE' ? `${PERSON}.region_code is null` : regionPrefixMatch(`${PERSON}.region_code`, v, sql)));
  return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
}

/**
 * One dimension filter as SQL, from the very expression the report groups by, so a report cell and
 * the list filtered by its keys count the same persons. A dimension with a per-person `join` is
 * evaluated in a scalar subquery that left-joins it to one row on the person's id: the planner
 * pushes `person_id = p.id` into the joined relation (a grouping or DISTINCT ON column) and probes
 * its person_id index once per person tested, where the report would build it for everyone. The
 * left join keeps a person without a record, whose value is then the spec's NONE. Two-valued:
 * a dimension's value is never null.
 */
function compileOne(spec: DimensionSpec, values: readonly string[], sql: SqlBuilder): string {
  if (values.length === 0) return 'false';
  const index = regionIndexCondition(spec, values, sql);
  const j = sql.alias('dj');
  const test = `${spec.sql.replaceAll('$j', j)} = any(${sql.array(values, 'text')})`;
  const exact = spec.join ? `(select ${test} from (select) one left join ${spec.join} ${j} on ${j}.person_id = ${PERSON}.id)` : `(${test})`;
  return index ? `(${index} and ${exact})` : exact;
}

/**
 * Compiles `PersonFilter.dimensions` (all must hold) over the person `p` and household `h`.
 * @throws GraphQLError BAD_USER_INPUT naming `<path>[i].dimension` or `<path>[i].values[k]`.
 */
export function compileDimensionFilters(
  filters: readonly DimensionFilterInput[],
  dimensions: Record<string, DimensionSpec>,
  scope: { person: string; household: string },
  sql: SqlBuilder,
  path: string,
): string[] {
  if (filters.length && (scope.person !== PERSON || scope.household !== HOUSEHOLD)) {
    throw new Error(`dimension filters need the person aliased ${PERSON} and its household ${HOUSEHOLD} (the aliases of DimensionSpec SQL)`);
  }
  return filters.map((f, i) => {
    const spec = Object.hasOwn(dimensions, f.dimension) ? dimensions[f.dimension] : undefined;
    if (!spec) throw badUserInput(`${path}[${i}].dimension`, `unknown report dimension ${JSON.stringify(f.dimension)}`);
    checkValues(spec, f.values, `${path}[${i}]`);
    return compileOne(spec, f.values, sql);
  });
}
