import type { ReportMeasureColumn, ReportResult, ReportRow } from '../../src/reports/report-types.js';
import { applySuppression, DEFAULT_SUPPRESSION_THRESHOLD, suppressedCells } from '../../src/reports/suppression.js';

const PERSONS: ReportMeasureColumn = { key: 'PERSONS', label: '人数', kind: 'count' };
const OPTS = { k: DEFAULT_SUPPRESSION_THRESHOLD, countMeasure: 'PERSONS' };

type Keys = Array<string | null>;

function row(keys: Keys, values: ReportRow['values']): ReportRow {
  return { keys, labels: keys.map((key) => (key === null ? null : `label ${key}`)), values, suppressed: {} };
}

function report(dimensions: string[], rows: ReportRow[], measures: ReportMeasureColumn[] = [PERSONS]): ReportResult {
  return {
    title: '测试报表',
    dimensions: dimensions.map((key) => ({ key, label: key })),
    measures,
    rows,
    suppressionThreshold: null,
  };
}

/** A table of PERSONS only, from `[keys, count]` pairs. */
function counts(dimensions: string[], cells: Array<[Keys, number]>): ReportResult {
  return report(
    dimensions,
    cells.map(([keys, persons]) => row(keys, { PERSONS: persons })),
  );
}

/**
 * A township × grade cross-tab: detail cells row by row, then the township subtotals, the grade
 * subtotals and the grand total (each left out on request), as the report SQL returns them.
 */
function crossTab(
  matrix: number[][],
  include: { townships?: boolean; grades?: boolean; grand?: boolean; details?: boolean } = {},
): ReportResult {
  const { townships = true, grades = true, grand = true, details = true } = include;
  const t = (i: number) => `T${i + 1}`;
  const g = (j: number) => `G${j + 1}`;
  const cells: Array<[Keys, number]> = [];
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  if (details) matrix.forEach((line, i) => line.forEach((count, j) => cells.push([[t(i), g(j)], count])));
  if (townships) matrix.forEach((line, i) => cells.push([[t(i), null], sum(line)]));
  if (grades) matrix[0]!.forEach((_, j) => cells.push([[null, g(j)], sum(matrix.map((line) => line[j]!))]));
  if (grand) cells.push([[null, null], sum(matrix.flat())]);
  return counts(['REGION_TOWNSHIP', 'DISABILITY_GRADE'], cells);
}

/** The withheld rows as `T1/G1`, `T1/*`, `*` for the grand total…, in row order. */
function withheld(result: ReportResult, measure = 'PERSONS'): string[] {
  return result.rows
    .filter((r) => r.suppressed[measure] === true)
    .map((r) => r.keys.map((key) => key ?? '*').join('/'));
}

function valueAt(result: ReportResult, keys: Keys, measure = 'PERSONS'): unknown {
  return result.rows.find((r) => JSON.stringify(r.keys) === JSON.stringify(keys))?.values[measure];
}

describe('applySuppression: primary suppression', () => {
  it('withholds counts from 1 to k - 1 and keeps zeros and counts of k or more (no subtotals: primary only)', () => {
    const input = counts(['REGION_TOWNSHIP'], [
      [['T1'], 0],
      [['T2'], 1],
      [['T3'], 4],
      [['T4'], 5],
      [['T5'], 120],
    ]);
    const result = applySuppression(input, OPTS);
    expect(withheld(result)).toEqual(['T2', 'T3']);
    expect(result.rows.map((r) => r.values['PERSONS'])).toEqual([0, null, null, 5, 120]);
    // A zero is shown as a value, not flagged.
    expect(result.rows[0]!.suppressed).toEqual({});
    expect(result.suppressionThreshold).toBe(5);
  });

  it('withholds every small detail cell of a 2-D table without subtotals, and nothing else', () => {
    const result = applySuppression(crossTab([[3, 0], [12, 1]], { townships: false, grades: false, grand: false }), OPTS);
    expect(withheld(result)).toEqual(['T1/G1', 'T2/G2']);
  });

  it('uses k as given: k = 1 withholds nothing, k = 10 withholds up to 9', () => {
    const input = counts(['REGION_TOWNSHIP'], [
      [['T1'], 1],
      [['T2'], 9],
      [['T3'], 10],
    ]);
    expect(withheld(applySuppression(input, { k: 1, countMeasure: 'PERSONS' }))).toEqual([]);
    expect(withheld(applySuppression(input, { k: 10, countMeasure: 'PERSONS' }))).toEqual(['T1', 'T2']);
    expect(applySuppression(input, { k: 10, countMeasure: 'PERSONS' }).suppressionThreshold).toBe(10);
  });

  it('reads counts that pg returned as bigint strings', () => {
    const input = report(['REGION_TOWNSHIP'], [row(['T1'], { PERSONS: '3' }), row(['T2'], { PERSONS: '30' })]);
    expect(withheld(applySuppression(input, OPTS))).toEqual(['T1']);
  });

  it('keeps rows the input already withheld withheld', () => {
    const input = counts(['REGION_TOWNSHIP'], [
      [['T1'], 10],
      [['T2'], 20],
    ]);
    input.rows[0] = { ...input.rows[0]!, values: { PERSONS: null }, suppressed: { PERSONS: true } };
    expect(withheld(applySuppression(input, OPTS))).toEqual(['T1']);
  });
});

describe('applySuppression: secondary suppression', () => {
  it('1-D: a single small township forces the smallest other township (> 0) to be withheld', () => {
    const input = counts(['REGION_TOWNSHIP'], [
      [['T1'], 12],
      [['T2'], 3],
      [['T3'], 0],
      [['T4'], 8],
      [['T5'], 20],
      [[null], 43],
    ]);
    const result = applySuppression(input, OPTS);
    // Without T4, 43 - 12 - 0 - 20 = 3 would give T2 away; the zero T3 would protect nothing.
    expect(withheld(result)).toEqual(['T2', 'T4']);
    expect(valueAt(result, [null])).toBe(43);
    expect(suppressedCells(result)).toBe(2);
  });

  it('breaks ties between equal partners by row order', () => {
    const input = counts(['REGION_TOWNSHIP'], [
      [['T1'], 2],
      [['T2'], 7],
      [['T3'], 7],
      [[null], 16],
    ]);
    expect(withheld(applySuppression(input, OPTS))).toEqual(['T1', 'T2']);
  });

  it('needs no partner when two cells are already small', () => {
    const input = counts(['REGION_TOWNSHIP'], [
      [['T1'], 2],
      [['T2'], 4],
      [['T3'], 30],
      [[null], 36],
    ]);
    expect(withheld(applySuppression(input, OPTS))).toEqual(['T1', 'T2']);
  });

  it('withholds the total when all other members are zero, then protects the total in its own lines', () => {
    // G2's column: 9 (withheld as T1's partner) + 0 = 9 would give T1/G2 back, and no member of
    // that column is left to withhold, so the G2 subtotal goes.
    const result = applySuppression(crossTab([[2, 9], [0, 0]]), OPTS);
    expect(withheld(result)).toEqual(['T1/G1', 'T1/G2', '*/G1', '*/G2']);
    expect(valueAt(result, [null, null])).toBe(11);
    expect(valueAt(result, ['T1', null])).toBe(11);
  });

  it('2-D: a small cell forces its row and its column, which cascades into a second column', () => {
    const input = crossTab([
      [2, 10, 30],
      [9, 40, 50],
      [20, 60, 70],
    ]);
    const result = applySuppression(input, OPTS);
    // T1's row takes 10 (T1/G2), G1's column takes 9 (T2/G1); then G2's column has one withheld
    // member (10) and takes 40 (T2/G2), which also completes T2's row. Every subtotal stays.
    expect(withheld(result)).toEqual(['T1/G1', 'T1/G2', 'T2/G1', 'T2/G2']);
    expect(result.rows.filter((r) => r.keys.includes(null)).every((r) => r.suppressed['PERSONS'] !== true)).toBe(true);
  });

  it('2-D: a small subtotal cascades through the grand total into another township', () => {
    const input = crossTab([
      [3, 0],
      [6, 8],
      [10, 12],
    ]);
    const result = applySuppression(input, OPTS);
    // T1 = 3 is small both as a cell and as a subtotal. G1's column takes T2/G1 (6); the grand
    // total's line of township subtotals (3 + 14 + 22) takes T2 (14). T2's row then has a withheld
    // total and a withheld member, so it needs nothing more.
    expect(withheld(result)).toEqual(['T1/G1', 'T2/G1', 'T1/*', 'T2/*']);
    expect(valueAt(result, [null, null])).toBe(39);
  });

  it('withholds a member of a withheld subtotal whose line would otherwise add up to it', () => {
    // No grade subtotals. T1 (3) is small, so the grand total's township line takes T2 (20) as
    // partner; T2's row 8 + 12 would add up to it again, so its smaller cell goes too.
    const result = applySuppression(crossTab([[1, 2], [8, 12], [30, 40]], { grades: false }), OPTS);
    expect(withheld(result)).toEqual(['T1/G1', 'T1/G2', 'T2/G1', 'T1/*', 'T2/*']);
  });

  it('nested dimensions: a township subtotal equal to its one county cell goes with it', () => {
    // Each township lies in one county, so (*, t) has a single member (c, t); SQL leaves out the
    // empty (c2, t1)… combinations. Withholding (c1, t2) as t1's partner leaves (*, t2) = 9
    // showing it, with no other member to withhold: the subtotal itself goes.
    const input = counts(['REGION_COUNTY', 'REGION_TOWNSHIP'], [
      [['c1', 't1'], 3],
      [['c1', 't2'], 9],
      [['c2', 't3'], 20],
      [['c1', null], 12],
      [['c2', null], 20],
      [[null, 't1'], 3],
      [[null, 't2'], 9],
      [[null, 't3'], 20],
      [[null, null], 32],
    ]);
    expect(withheld(applySuppression(input, OPTS))).toEqual(['c1/t1', 'c1/t2', '*/t1', '*/t2']);
  });

  it('protects through the grand total when the report has no intermediate subtotals', () => {
    // Only cells and the grand total: 36 - (10 + 8 + 15) = 3 would give T1/G1 back.
    const result = applySuppression(crossTab([[3, 10], [8, 15]], { townships: false, grades: false }), OPTS);
    expect(withheld(result)).toEqual(['T1/G1', 'T2/G1']);
  });

  it('protects through a grand total the report leaves out but that row and column subtotals both give', () => {
    // Township and grade subtotals only: their sums are both the (missing) grand total 33, so
    // 33 - 14 - 16 = 3 would give T1 back unless another township subtotal is withheld.
    const result = applySuppression(crossTab([[1, 2], [6, 8], [7, 9]], { details: false, grand: false }), OPTS);
    expect(withheld(result)).toEqual(['T1/*', 'T2/*']);
  });

  it('makes a left-out total underivable when the line that would give a member back has only zeros', () => {
    // T1 was withheld upstream; T2 is 0, so "grand total − 0" would be T1, and the grand total is
    // G1 + G2 = 12. It cannot be withheld (it is not printed), so a grade subtotal goes instead.
    const input = counts(['REGION_TOWNSHIP', 'DISABILITY_GRADE'], [
      [['T1', null], 12],
      [['T2', null], 0],
      [[null, 'G1'], 5],
      [[null, 'G2'], 7],
    ]);
    input.rows[0] = { ...input.rows[0]!, values: { PERSONS: null }, suppressed: { PERSONS: true } };
    expect(withheld(applySuppression(input, OPTS))).toEqual(['T1/*', '*/G1']);
  });

  it('withholds a small grand total, and a grand total that would give a withheld member back', () => {
    const small = counts(['REGION_TOWNSHIP'], [
      [['T1'], 3],
      [['T2'], 0],
      [[null], 3],
    ]);
    expect(withheld(applySuppression(small, OPTS))).toEqual(['T1', '*']);

    // In a consistent cube a grand total of k or more never needs withholding (the partners of a
    // small cell always leave a second withheld member); it can when the input already withheld a
    // large cell, e.g. a report suppressed upstream at another threshold.
    const upstream = counts(['REGION_TOWNSHIP'], [
      [['T1'], 12],
      [['T2'], 0],
      [[null], 12],
    ]);
    upstream.rows[0] = { ...upstream.rows[0]!, values: { PERSONS: null }, suppressed: { PERSONS: true } };
    const result = applySuppression(upstream, OPTS);
    expect(withheld(result)).toEqual(['T1', '*']);
    expect(valueAt(result, [null])).toBeNull();
  });
});

describe('applySuppression: other measures', () => {
  const measures: ReportMeasureColumn[] = [
    PERSONS,
    { key: 'HOUSEHOLDS', label: '户数', kind: 'count' },
    { key: 'MONTHLY_ASSISTANCE', label: '月保障金合计(元)', kind: 'sum' },
    { key: 'CERTIFIED', label: '持证残疾人', kind: 'count' },
    { key: 'REHABBED', label: '康复服务', kind: 'count' },
    { key: 'REHAB_COVERAGE', label: '康复服务覆盖率', kind: 'rate', numerator: 'REHABBED', denominator: 'CERTIFIED' },
  ];
  const values = (persons: number, certified: number, rehabbed: number): ReportRow['values'] => ({
    PERSONS: persons,
    HOUSEHOLDS: Math.ceil(persons / 2),
    MONTHLY_ASSISTANCE: `${persons * 100}.00`,
    CERTIFIED: certified,
    REHABBED: rehabbed,
    REHAB_COVERAGE: certified === 0 ? null : rehabbed / certified,
  });

  function table(): ReportResult {
    return report(
      ['REGION_TOWNSHIP'],
      [
        row(['T1'], values(3, 2, 1)),
        row(['T2'], values(40, 3, 2)),
        row(['T3'], values(50, 0, 0)),
        row(['T4'], values(60, 20, 16)),
        row([null], values(153, 25, 19)),
      ],
      measures,
    );
  }

  it('withholds every count, sum and rate of a withheld row', () => {
    const result = applySuppression(table(), OPTS);
    expect(withheld(result)).toEqual(['T1', 'T2']);
    for (const key of ['T1', 'T2']) {
      const r = result.rows.find((x) => x.keys[0] === key)!;
      for (const measure of measures) {
        expect(r.values[measure.key]).toBeNull();
        expect(r.suppressed[measure.key]).toBe(true);
      }
    }
    expect(suppressedCells(result)).toBe(2 * 4);
  });

  it('withholds a rate whose denominator is small, but not its row', () => {
    const input = report(
      ['REGION_TOWNSHIP'],
      [
        row(['T1'], values(30, 20, 1)),
        row(['T2'], values(40, 3, 2)),
        row(['T3'], values(50, 0, 0)),
        row(['T4'], values(60, 20, 16)),
        row([null], values(180, 43, 19)),
      ],
      measures,
    );
    const result = applySuppression(input, OPTS);
    expect(withheld(result)).toEqual([]);
    const t2 = result.rows[1]!;
    expect(t2.values['REHAB_COVERAGE']).toBeNull();
    expect(t2.suppressed).toEqual({ REHAB_COVERAGE: true });
    // The row's own counts stay: only the rate (2 of 3 people) would say more.
    expect(t2.values['PERSONS']).toBe(40);
    expect(t2.values['CERTIFIED']).toBe(3);
    // A numerator of 1 over 20 is fine; a rate over nobody is no rate and reveals nothing.
    expect(result.rows[0]!.values['REHAB_COVERAGE']).toBe(1 / 20);
    expect(result.rows[2]!.values['REHAB_COVERAGE']).toBeNull();
    expect(result.rows[2]!.suppressed['REHAB_COVERAGE']).toBeUndefined();
    expect(result.rows[3]!.values['REHAB_COVERAGE']).toBe(0.8);
    // suppressedCells counts withheld counts, not rates.
    expect(suppressedCells(result)).toBe(0);
  });

  it('withholds a rate whose numerator or denominator the input already withheld, or that names no denominator', () => {
    const input = table();
    input.rows[3] = { ...input.rows[3]!, values: { ...input.rows[3]!.values, REHABBED: null }, suppressed: { REHABBED: true } };
    const noDenominator = { key: 'ODD_RATE', label: '?', kind: 'rate' as const, numerator: 'REHABBED' };
    input.measures = [...measures, noDenominator];
    for (const r of input.rows) r.values['ODD_RATE'] = 0.5;
    const result = applySuppression(input, OPTS);
    expect(result.rows[3]!.suppressed['REHAB_COVERAGE']).toBe(true);
    expect(result.rows.every((r) => r.suppressed['ODD_RATE'] === true)).toBe(true);
  });
});

describe('applySuppression: contract', () => {
  it('does not modify its input and shares no arrays or records with it', () => {
    const input = crossTab([
      [2, 10, 30],
      [9, 40, 50],
    ]);
    const before = structuredClone(input);
    const result = applySuppression(input, OPTS);
    expect(input).toEqual(before);
    expect(result).not.toBe(input);
    result.rows.forEach((r, i) => {
      const original = input.rows[i]!;
      expect(r).not.toBe(original);
      expect(r.keys).not.toBe(original.keys);
      expect(r.labels).not.toBe(original.labels);
      expect(r.values).not.toBe(original.values);
      expect(r.suppressed).not.toBe(original.suppressed);
      expect(r.keys).toEqual(original.keys);
      expect(r.labels).toEqual(original.labels);
    });
    expect(result.measures).not.toBe(input.measures);
    expect(result.dimensions).not.toBe(input.dimensions);
    expect(result.title).toBe(input.title);
  });

  it('rejects a threshold that is not an integer >= 1', () => {
    const input = crossTab([[1]]);
    for (const k of [0, -5, 2.5, Number.NaN]) {
      expect(() => applySuppression(input, { k, countMeasure: 'PERSONS' })).toThrow(RangeError);
    }
  });

  it('rejects a count measure that is not a count, or is missing (a typo must not switch suppression off)', () => {
    const input = report(['REGION_TOWNSHIP'], [row(['T1'], { PERSONS: 1, AMOUNT: '3.00' })], [
      PERSONS,
      { key: 'AMOUNT', label: '金额', kind: 'sum' },
    ]);
    expect(() => applySuppression(input, { k: 5, countMeasure: 'AMOUNT' })).toThrow(/count measure/);
    expect(() => applySuppression(input, { k: 5, countMeasure: 'PERSON' })).toThrow(/not in the report/);
  });

  it('accepts an undeclared helper count the rows carry', () => {
    const input = report(['REGION_TOWNSHIP'], [row(['T1'], { N: 2, AMOUNT: '3.00' }), row(['T2'], { N: 9, AMOUNT: '9.00' })], [
      { key: 'AMOUNT', label: '金额', kind: 'sum' },
    ]);
    const result = applySuppression(input, { k: 5, countMeasure: 'N' });
    expect(result.rows[0]!.values['AMOUNT']).toBeNull();
    expect(result.rows[0]!.suppressed['AMOUNT']).toBe(true);
  });

  it('handles an empty report and a report of a single total row', () => {
    expect(applySuppression(counts([], []), OPTS).rows).toEqual([]);
    expect(withheld(applySuppression(counts([], [[[], 3]]), OPTS))).toEqual(['']);
    expect(withheld(applySuppression(counts([], [[[], 30]]), OPTS))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property test: random cubes

/** mulberry32: a small seeded PRNG, so failures reproduce. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Cube {
  result: ReportResult;
  sizes: number[];
  /** Which levels (bit p set = null at position p) the report includes. */
  levels: Set<number>;
  /** Every cell at every level, present in the report or not, by keys id. */
  truth: Map<string, number>;
}

/**
 * A random cube of 1–3 dimensions with skewed counts (many zeros and small cells), a random
 * choice of subtotal levels and, like SQL GROUP BY, zero rows sometimes left out.
 */
function randomCube(random: () => number): Cube {
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const dims = int(1, 3);
  const sizes = Array.from({ length: dims }, () => int(1, dims === 3 ? 3 : 5));
  const detail = new Map<string, number>();
  const combos = (positions: number[]): Keys[] =>
    positions.reduce<Keys[]>(
      (acc, p) => acc.flatMap((keys) => Array.from({ length: sizes[p]! }, (_, v) => keys.map((key, q) => (q === p ? `${p}:${v}` : key)))),
      [Array<string | null>(dims).fill(null)],
    );
  for (const keys of combos(sizes.map((_, p) => p))) {
    const roll = random();
    detail.set(JSON.stringify(keys), roll < 0.3 ? 0 : roll < 0.7 ? int(1, 6) : int(5, 60));
  }

  const levels = new Set<number>();
  for (let level = 0; level < 1 << dims; level++) if (random() < (level === 0 ? 0.85 : 0.6)) levels.add(level);
  if (levels.size === 0) levels.add(0);
  const omitZeros = random() < 0.5;

  const truth = new Map<string, number>();
  const rows: ReportRow[] = [];
  for (let level = 0; level < 1 << dims; level++) {
    const filled = sizes.map((_, p) => p).filter((p) => (level & (1 << p)) === 0);
    for (const keys of combos(filled)) {
      let total = 0;
      for (const [id, count] of detail) {
        const cell = JSON.parse(id) as Keys;
        if (keys.every((key, p) => key === null || key === cell[p])) total += count;
      }
      truth.set(JSON.stringify(keys), total);
      if (levels.has(level) && !(omitZeros && total === 0)) rows.push(row(keys, { PERSONS: total }));
    }
  }
  return { result: report(sizes.map((_, p) => `D${p}`), rows), sizes, levels, truth };
}

const levelOf = (keys: Keys): number => keys.reduce((level, key, p) => (key === null ? level | (1 << p) : level), 0);

/**
 * Every additive identity an attacker could use: a total (at any level, printed or not) equals
 * the sum of the cells of a finer level the report includes that agree with it elsewhere. Cells
 * of an included level missing from the report are 0; totals of a level the report leaves out are
 * unknowns the attacker may solve for.
 */
function identities(cube: Cube): Array<{ total: string; members: string[] }> {
  const all: Array<{ total: string; members: string[] }> = [];
  for (const totalId of cube.truth.keys()) {
    const total = JSON.parse(totalId) as Keys;
    const totalLevel = levelOf(total);
    for (const level of cube.levels) {
      if (level === totalLevel || (level & totalLevel) !== level) continue;
      const members = [...cube.truth.keys()].filter((id) => {
        const keys = JSON.parse(id) as Keys;
        return levelOf(keys) === level && total.every((key, p) => key === null || key === keys[p]);
      });
      all.push({ total: totalId, members });
    }
  }
  return all;
}

describe('applySuppression: property test on random cubes', () => {
  const k = 5;
  const random = prng(20240917);
  const cubes = Array.from({ length: 400 }, () => randomCube(random));

  it.each(cubes.map((cube, i) => [i, cube] as const))('cube %i: nothing withheld can be recomputed', (_, cube) => {
    const input = cube.result;
    const before = structuredClone(input);
    const result = applySuppression(input, { k, countMeasure: 'PERSONS' });
    expect(input).toEqual(before);

    const hidden = new Set(result.rows.filter((r) => r.suppressed['PERSONS'] === true).map((r) => JSON.stringify(r.keys)));
    const present = new Set(result.rows.map((r) => JSON.stringify(r.keys)));
    input.rows.forEach((original, i) => {
      const count = original.values['PERSONS'] as number;
      const out = result.rows[i]!;
      // Primary: every small cell is withheld; zeros never are; shown counts are unchanged.
      if (count > 0 && count < k) expect(out.suppressed['PERSONS']).toBe(true);
      if (count === 0) expect(out.suppressed['PERSONS']).toBeUndefined();
      if (out.suppressed['PERSONS'] !== true) expect(out.values['PERSONS']).toBe(count);
    });

    // The lines of the brief: a printed subtotal and the printed rows differing in one position.
    for (const total of result.rows) {
      total.keys.forEach((key, position) => {
        if (key !== null) return;
        const members = result.rows.filter(
          (r) => r.keys[position] !== null && r.keys.every((other, p) => p === position || other === total.keys[p]),
        );
        if (members.length === 0) return;
        const withheldMembers = members.filter((r) => r.suppressed['PERSONS'] === true).length;
        if (total.suppressed['PERSONS'] === true) expect(withheldMembers).toBeGreaterThanOrEqual(1);
        else expect(withheldMembers).not.toBe(1);
      });
    }

    // An attacker who solves any identity with one unknown, again and again, learns nothing.
    const known = new Map<string, number>();
    for (const [id, value] of cube.truth) {
      const level = levelOf(JSON.parse(id) as Keys);
      if (!cube.levels.has(level)) continue;
      if (!present.has(id)) known.set(id, 0);
      else if (!hidden.has(id)) known.set(id, value);
    }
    const equations = identities(cube);
    let progress = true;
    while (progress) {
      progress = false;
      for (const { total, members } of equations) {
        const unknown = [total, ...members].filter((id) => !known.has(id));
        if (unknown.length !== 1) continue;
        const solved = unknown[0]!;
        expect(hidden.has(solved) ? solved : 'only totals the report leaves out').toBe('only totals the report leaves out');
        const sum = members.filter((id) => id !== solved).reduce((acc, id) => acc + known.get(id)!, 0);
        known.set(solved, solved === total ? sum : known.get(total)! - sum);
        expect(known.get(solved)).toBe(cube.truth.get(solved));
        progress = true;
      }
    }
  });

  it('exercises the interesting cases', () => {
    // Guard against a generator that never produces what the test is about.
    let secondary = 0;
    let withheldTotals = 0;
    for (const cube of cubes) {
      const result = applySuppression(cube.result, { k, countMeasure: 'PERSONS' });
      result.rows.forEach((r, i) => {
        const count = cube.result.rows[i]!.values['PERSONS'] as number;
        if (r.suppressed['PERSONS'] === true && count >= k) {
          secondary += 1;
          if (r.keys.includes(null)) withheldTotals += 1;
        }
      });
    }
    expect(secondary).toBeGreaterThan(100);
    expect(withheldTotals).toBeGreaterThan(10);
  });
});
