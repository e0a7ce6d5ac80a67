/**
 * The perturbation table of CareGraph's cell key method: unbiased random rounding to a multiple
 * of the base b (= the minimum cell size, 5 by default), the up-or-down decision drawn from the
 * cell key. A count c with remainder r = c mod b is shown as c − r (probability 1 − r/b) or
 * c − r + b (probability r/b): never off by more than b − 1, expected error 0, standard deviation
 * about 2 for b = 5. Counts already a multiple of b, and 0 (nobody), are shown as they are.
 *
 * Why rounding and not ±2 noise: every shown count is a multiple of b, so a difference of two or
 * three shown counts is one too, and the interval of true values consistent with it is at least
 * b wide — a withheld count of 1..b−1 can never be pinned by combining up to b − 2 shown counts
 * (the proof is in docs/reports.md). Additive integer noise cannot promise that: with ±2, the
 * difference of two counts pins a count of 1 whenever the two draws fall at opposite extremes.
 *
 * Sums of money are perturbed as ABS perturbs magnitudes: noise drawn from the cell key, uniform
 * within ± the largest single contribution in the cell, so the difference of two sums says no
 * more about one person's amount than "somewhere within twice the largest amount".
 */
import { CELL_KEY_MODULUS } from './record-key.js';

/** A cell key as a number in [0, 1), shifted by a per-measure salt so measures of one cell draw independently. */
export function uniformOf(cellKey: number | string | bigint, salt: string): number {
  const key = Number(BigInt(cellKey) % BigInt(CELL_KEY_MODULUS)) / CELL_KEY_MODULUS;
  return (key + saltOffset(salt)) % 1;
}

/** A fixed offset in [0, 1) per salt (FNV-1a): shifting a uniform draw keeps it uniform. */
function saltOffset(salt: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < salt.length; i++) {
    hash ^= salt.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

/** The shown value of an exact count (see the module comment). */
export function roundCount(count: number, base: number, draw: number): number {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`a count must be a non-negative integer, got ${count}`);
  if (base <= 1) return count;
  const remainder = count % base;
  if (remainder === 0) return count;
  return draw < remainder / base ? count - remainder + base : count - remainder;
}

/**
 * The shown value of a sum of money (yuan, as numeric text), given the largest single
 * contribution in the cell: the sum plus noise uniform in ±largest, in whole yuan, never below 0.
 */
export function perturbSum(sum: string | number, largest: string | number, draw: number): string {
  const exact = Number(sum);
  const spread = Math.abs(Number(largest));
  if (!Number.isFinite(exact) || !Number.isFinite(spread)) throw new RangeError(`not a sum of money: ${sum} / ${largest}`);
  if (exact === 0 && spread === 0) return '0.00';
  const shown = Math.max(0, Math.round(exact + (2 * draw - 1) * spread));
  return shown.toFixed(2);
}

/** Rates from perturbed counts, at the precision a dashboard shows (0.1 percentage point). */
export function roundRate(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator / denominator) * 1000) / 1000;
}
