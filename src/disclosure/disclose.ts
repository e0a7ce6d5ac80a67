import type { Caller } from '../contract/caller.js';
import { EXACT_COUNTS_SCOPE } from '../auth/policy.js';

/**
 * Disclosure control (统计披露控制): the one place where counts become what a caller may see.
 * Every field marked `@disclosureControl` in the SDL (reports, list `totalCount`s) and the report
 * export routes hand their value here; callers holding `reports:exact` get it exact, everyone
 * else gets it protected (small cells withheld, the rest rounded by cell key: perturbation.ts).
 */

/** Parameters of the control, from the environment. */
export interface DisclosureControl {
  /** Smallest count shown in a report cell: counts of 1..minCell−1 persons are withheld. */
  minCell: number;
  /** Counts are rounded to multiples of this (the minimum cell size, see perturbation.ts). */
  base: number;
}

export const DEFAULT_MIN_CELL = 5;

/** `CAREGRAPH_REPORT_MIN_CELL` (default 5); the rounding base follows it. */
export function disclosureControl(): DisclosureControl {
  const k = Number(process.env.CAREGRAPH_REPORT_MIN_CELL ?? DEFAULT_MIN_CELL);
  const minCell = Number.isInteger(k) && k >= 1 ? k : DEFAULT_MIN_CELL;
  return { minCell, base: minCell };
}

/** A value that knows its exact and its protected form; resolvers of controlled fields return one. */
export interface Disclosable<T> {
  readonly disclosable: true;
  exact(): T | Promise<T>;
  protect(control: DisclosureControl): T | Promise<T>;
}

export function isDisclosable(value: unknown): value is Disclosable<unknown> {
  return typeof value === 'object' && value !== null && (value as { disclosable?: unknown }).disclosable === true;
}

/** Whether this caller sees exact counts. */
export function seesExactCounts(caller: Caller): boolean {
  return caller.scopes.has(EXACT_COUNTS_SCOPE);
}

/**
 * The value as `caller` may see it. A controlled field whose resolver returned something else is
 * a programming error, refused rather than shown exact (deny by default).
 */
export function disclose<T>(value: unknown, caller: Caller, where: string): T | Promise<T> {
  if (value == null) return value as T;
  if (!isDisclosable(value)) throw new Error(`${where} is marked @disclosureControl but its resolver returned no disclosable value`);
  return (seesExactCounts(caller) ? value.exact() : value.protect(disclosureControl())) as T | Promise<T>;
}

/** The same value in another shape (e.g. a report as the GraphQL API answers it). */
export function mapDisclosable<T, U>(value: Disclosable<T>, to: (value: T) => U): Disclosable<U> {
  return {
    disclosable: true,
    exact: async () => to(await value.exact()),
    protect: async (control) => to(await value.protect(control)),
  };
}
