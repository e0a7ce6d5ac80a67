import { perturbSum, roundCount, roundRate, uniformOf } from '../../src/disclosure/perturbation.js';

/** Both ways a count can be shown (down and up), whatever the cell key draws. */
const outcomes = (count: number, base: number) => [...new Set([roundCount(count, base, 0.999999), roundCount(count, base, 0)])];

describe('rounding by cell key', () => {
  it('keeps 0 and multiples of the base, and moves any other count to a neighbouring multiple', () => {
    expect(roundCount(0, 5, 0.1)).toBe(0);
    expect(roundCount(35, 5, 0.1)).toBe(35);
    for (let c = 1; c < 200; c++) {
      for (const shown of outcomes(c, 5)) {
        expect(shown % 5).toBe(0);
        expect(Math.abs(shown - c)).toBeLessThanOrEqual(4);
      }
    }
  });

  it('is unbiased: a count with remainder r rounds up for a share r/5 of cell keys', () => {
    const draws = Array.from({ length: 10_000 }, (_, i) => (i + 0.5) / 10_000);
    for (const c of [1, 7, 13, 24]) {
      const mean = draws.reduce((sum, u) => sum + roundCount(c, 5, u), 0) / draws.length;
      expect(mean).toBeCloseTo(c, 2);
    }
  });

  it('draws the same for the same cell key and salt, and independently across salts', () => {
    expect(uniformOf('123456789', 'persons')).toBe(uniformOf(123456789n, 'persons'));
    expect(uniformOf('123456789', 'persons')).not.toBe(uniformOf('123456789', 'HOUSEHOLDS'));
    const u = uniformOf(2n ** 40n + 7n, 'persons');
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThan(1);
  });

  it('refuses what is not a count', () => {
    expect(() => roundCount(-1, 5, 0.5)).toThrow(RangeError);
    expect(() => roundCount(2.5, 5, 0.5)).toThrow(RangeError);
  });
});

/**
 * The guarantee docs/reports.md proves, checked by enumeration: a withheld count c (1..4) that is
 * the difference of two or three shown counts is never pinned, whichever way each was rounded.
 */
describe('no small count is pinned by combining up to three shown counts', () => {
  const consistent = (observed: number, terms: number) => [1, 2, 3, 4].filter((c) => Math.abs(observed - c) <= terms * 4);

  it('pairs: A − B where A = B + c', () => {
    for (let c = 1; c <= 4; c++) {
      for (let b = 5; b <= 60; b++) {
        for (const a of outcomes(b + c, 5)) for (const bb of outcomes(b, 5)) expect(consistent(a - bb, 2).length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('triples: A − B1 − B2 where A = B1 + B2 + c', () => {
    for (let c = 1; c <= 4; c++) {
      for (let b1 = 5; b1 <= 25; b1++) {
        for (let b2 = 5; b2 <= 25; b2++) {
          for (const a of outcomes(b1 + b2 + c, 5)) {
            for (const x of outcomes(b1, 5)) for (const y of outcomes(b2, 5)) expect(consistent(a - x - y, 3).length).toBeGreaterThanOrEqual(2);
          }
        }
      }
    }
  });

  it('but ±2 noise on exact counts, the obvious alternative, pins a count of 1 with two queries', () => {
    // A = B + 1 shown as A − 2 and B + 2: the difference −3 is consistent with c = 1 only.
    const observed = 11 - 2 - (10 + 2);
    expect([1, 2, 3, 4].filter((c) => Math.abs(observed - c) <= 4)).toEqual([1]);
  });
});

describe('sums and rates', () => {
  it('perturbs a sum within ± its largest term, in whole yuan, never below zero', () => {
    expect(perturbSum('0', '0', 0.7)).toBe('0.00');
    expect(perturbSum('1000.50', '400', 0.5)).toBe('1001.00');
    expect(perturbSum('1000', '400', 1)).toBe('1400.00');
    expect(perturbSum('1000', '400', 0)).toBe('600.00');
    expect(perturbSum('100', '400', 0)).toBe('0.00');
  });

  it('shows rates at 0.1 percentage point and none over an empty denominator', () => {
    expect(roundRate(5, 780)).toBe(0.006);
    expect(roundRate(0, 0)).toBeNull();
  });
});
