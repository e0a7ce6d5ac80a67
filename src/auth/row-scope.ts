import type { Caller } from '../contract/caller.js';
import type { SqlBuilder } from '../contract/sql-builder.js';
import { regionPrefixMatch, regionPrefixMatchAt } from '../core/filter/region-prefix.js';

/**
 * Row scope, decided in one place as field access is: a caller whose role is confined to a
 * division-code prefix (the role's region rule, src/auth/policy.ts) sees only the persons and
 * households whose region code lies under it. Anything outside is simply not found, exactly like
 * something that does not exist. Lists, look-ups, loaders, reports, warnings, compiled reads and
 * intake all take their region condition from here; none reads the caller's prefix itself
 * (test/unit/row-scope.test.ts fails when one does).
 *
 * Conditions in the statements, not PostgreSQL row-level security: the scope becomes part of the
 * statement text (an index range on `region_code`, see region-prefix.ts), so an unconfined caller's
 * statement carries no condition at all and a confined one's is planned like any other predicate.
 * Row-level security would need the prefix set per transaction (`set_config`), a statement more
 * on the one-statement compiled reads, and policies the planner cannot turn into that index range.
 */
export interface RowScope {
  /** False for callers who see every region: their statements carry no region condition. */
  readonly confined: boolean;
  /**
   * The prefix to bind, for statements written with positional parameters (compiled reads with
   * {@link regionConditionAt}, intake's checks); null when not confined.
   */
  readonly boundPrefix: string | null;
  /** `column` (a division code) in scope, as a condition: `true` when not confined. */
  where(column: string, sql: SqlBuilder): string;
  /** ` and <column in scope>` to append to a WHERE; nothing when not confined. */
  and(column: string, sql: SqlBuilder): string;
  /** Whether a division code already read lies in scope (a person without one lies in none). */
  includes(regionCode: string | null | undefined): boolean;
  /** The MikroORM condition confining persons, through their household's region code. */
  readonly persons: Record<string, unknown>;
}

/**
 * The scope under a division-code prefix (null: everywhere). Columns are a household's
 * `region_code` or a person's, which carries its household's code (kept by triggers).
 */
function scopeUnder(prefix: string | null): RowScope {
  if (prefix == null) {
    return { confined: false, boundPrefix: null, where: () => 'true', and: () => '', includes: () => true, persons: {} };
  }
  return {
    confined: true,
    boundPrefix: prefix,
    where: (column, sql) => regionPrefixMatch(column, prefix, sql),
    and: (column, sql) => ` and ${regionPrefixMatch(column, prefix, sql)}`,
    includes: (regionCode) => regionCode != null && regionCode.startsWith(prefix),
    persons: { household: { regionCode: { $like: `${prefix}%` } } },
  };
}

/** Every row: for the hub's own work (the monitoring runner, the CLI import, seeding), never for a request. */
export const EVERY_ROW: RowScope = scopeUnder(null);

const scopes = new WeakMap<Caller, RowScope>();

/** The rows `caller` may see (one scope object per caller). */
export function rowScopeOf(caller: Caller): RowScope {
  let scope = scopes.get(caller);
  if (!scope) {
    scope = scopeUnder(caller.regionPrefix);
    scopes.set(caller, scope);
  }
  return scope;
}

/**
 * The scope's condition for statements whose text is built once for every caller (compiled
 * reads): over `ref`, the placeholder that binds {@link RowScope.boundPrefix}.
 */
export function regionConditionAt(column: string, ref: string): string {
  return ` and ${regionPrefixMatchAt(column, ref)}`;
}
