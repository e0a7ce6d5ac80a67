/**
 * Report dimensions: one SQL expression per dimension over the person row `p` and household `h`,
 * always yielding exactly one non-null value per person (so cells add up to their subtotals),
 * plus the Chinese labels for display and export. The same SQL decides `PersonFilter.dimensions`
 * (dimension-filter.ts), so every report cell can be listed. It carries no bound parameters.
 */
export interface DimensionSpec {
  label: string;
  /** SQL yielding the person's value; never null. `$j` stands for the alias of `join`. */
  sql: string;
  /**
   * A per-person relation (one row per person_id) left-joined as `$j`. Joined relations are
   * computed once and hashed, where correlated subqueries would probe once per person.
   */
  join?: string;
  /**
   * Region dimensions: values are division codes of `digits` digits (or NONE), labelled from
   * core.region by code.
   */
  region?: { digits: number };
  /** Every value the dimension takes, with its label: a dimension filter accepts only these. */
  labels?: Record<string, string>;
}
