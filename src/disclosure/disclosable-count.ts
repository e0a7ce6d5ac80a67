import type { Disclosable } from './disclose.js';
import { roundCount, uniformOf } from './perturbation.js';

/**
 * What a list counts. A list of persons draws as a report's person counts do (the salt
 * `persons`), so a set of persons gets one rounding whether a report cell or a list counts it.
 */
export type CountSalt = 'persons' | 'households' | 'warnings' | `run:${string}`;

/**
 * A list's `totalCount` under disclosure control: exact, or rounded by the cell key of the rows
 * counted. A list total has no "withheld" marker (it is an `Int!`), so a small total shows as 0 or
 * the rounding base — never as 1..base−1.
 */
export function disclosableCount(count: () => Promise<number>, cellKey: (() => Promise<string>) | undefined, salt: CountSalt): Disclosable<number> {
  return {
    disclosable: true,
    exact: count,
    async protect(control) {
      if (!cellKey) throw new Error('this list cannot key its total for disclosure control');
      const [exact, key] = await Promise.all([count(), cellKey()]);
      return roundCount(exact, control.base, uniformOf(key, salt));
    },
  };
}

/**
 * A connection's `totalCount` resolver: the disclosable count, typed as the number the field's
 * `@disclosureControl` wrapper turns it into (the generated resolver types know only the field).
 */
export function controlledTotalCount(connection: { totalCount: () => Promise<number>; totalCountKey?: () => Promise<string> }, salt: CountSalt): number {
  return disclosableCount(connection.totalCount, connection.totalCountKey, salt) as unknown as number;
}

/**
 * A count already known (e.g. a monitoring run's findings per rule), keyed by its record's key and
 * what it counts: the same run's same figure always rounds the same way.
 */
export function controlledKnownCount(count: number, key: string, salt: CountSalt): number {
  return disclosableCount(async () => count, async () => key, salt) as unknown as number;
}
