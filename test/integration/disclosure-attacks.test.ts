import { startTestHub, type TestHub } from '../support/test-hub.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';

/**
 * The office analyst who wants the hidden number. Every attack below was tried on the hub before
 * disclosure control and recovered small counts exactly; each now must leave at least two counts
 * of 1..4 consistent with everything the analyst saw — knowing the mechanism (every shown count
 * a multiple of 5, at most 4 away from the truth) and knowing the target cell is withheld (1..4).
 */
let hub: TestHub;
let office: Record<string, string>;
let admin: Record<string, string>;
const BASE = 5;
const MAX_ERROR = BASE - 1;

type Row = { keys: Array<string | null>; labels: Array<string | null>; cells: Array<{ measure: string; value: number | null; money: string | null; suppressed: boolean }> };
const REPORT = `query($input: ReportInput!) { report(input: $input) { suppressionThreshold roundingBase rows { keys labels cells { measure value money suppressed } } } }`;
const COUNT = `query($f: PersonFilter) { persons(filter: $f, first: 1) { totalCount } }`;
const GRADE_1 = { disability: { grade: [1] } };

/** Townships whose exact count of grade-1 disabled persons is small (1..4): the analyst's targets. */
let targets: Array<{ township: string; exact: number }> = [];

beforeAll(async () => {
  hub = await startTestHub({ fixture: (c) => seedDemoData(c, { persons: 3000, county: '410823', seed: 11 }).then(() => undefined) });
  office = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
  admin = await hub.as('admin');
  const rows = await hub.sql(`select substr(p.region_code, 1, 9) as township, count(*)::int as n from core.person p
    where p.id in (select person_id from disability.certificate group by person_id having min(grade) = 1) and p.region_code is not null group by 1`);
  targets = rows.filter((r) => r.n >= 1 && r.n < BASE).map((r) => ({ township: r.township, exact: r.n }));
}, 180_000);
afterAll(async () => {
  await hub?.close();
});

async function report(input: Record<string, unknown>, headers = office): Promise<Row[]> {
  const res = await hub.query(REPORT, { input }, headers);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.report.rows;
}
const personsOf = (row: Row | undefined) => row?.cells.find((c) => c.measure === 'PERSONS');
const rowOf = (rows: Row[], keys: Array<string | null>) => rows.find((r) => JSON.stringify(r.keys) === JSON.stringify(keys));
async function totalCount(filter: unknown, headers = office): Promise<number> {
  const res = await hub.query(COUNT, { f: filter }, headers);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.persons.totalCount;
}

/**
 * Counts of 1..4 consistent with `observed`, a signed combination of `terms` shown counts: each
 * shown count is within MAX_ERROR of its exact value, so the exact combination is within
 * terms × MAX_ERROR of what was observed.
 */
function candidates(observed: number, terms: number): number[] {
  return [1, 2, 3, 4].filter((c) => Math.abs(observed - c) <= terms * MAX_ERROR);
}

function expectShownCount(value: number) {
  expect(Number.isInteger(value)).toBe(true);
  expect(Math.abs(value % BASE)).toBe(0);
}

it('the fixture holds townships with 1-4 grade-1 disabled persons (the attack has targets)', () => {
  expect(targets.length).toBeGreaterThan(0);
});

describe('a single query', () => {
  it('withholds every cell of 1-4 and shows every other count rounded to a multiple of 5, at most 4 off', async () => {
    const input = { groupBy: ['REGION_TOWNSHIP', 'DISABILITY_GRADE'], measures: ['PERSONS', 'HOUSEHOLDS'] };
    const [shown, exact] = [await report(input), await report(input, admin)];
    let rounded = 0;
    for (const row of exact) {
      const mine = rowOf(shown, row.keys)!;
      for (const cell of row.cells) {
        const theirs = mine.cells.find((c) => c.measure === cell.measure)!;
        if (cell.measure === 'PERSONS' && cell.value! > 0 && cell.value! < BASE) expect(theirs.suppressed).toBe(true);
        if (theirs.suppressed) continue;
        expectShownCount(theirs.value!);
        expect(Math.abs(theirs.value! - cell.value!)).toBeLessThanOrEqual(MAX_ERROR);
        if (theirs.value !== cell.value) rounded += 1;
      }
    }
    expect(rounded).toBeGreaterThan(0);
  });

  it('answers the same question the same way every time, however it is phrased', async () => {
    const { township } = targets[0]!;
    const plain = await totalCount({ regionCode: township });
    const rephrased = await totalCount({ and: [{ regionCode: township }, { or: [{ gender: 'MALE' }, { gender: 'FEMALE' }] }] });
    expect(await totalCount({ regionCode: township })).toBe(plain);
    expect(rephrased).toBe(plain);
    const viaReport = personsOf(rowOf(await report({ groupBy: ['REGION_TOWNSHIP'], filter: { regionCode: township } }), [township]))!;
    expect(viaReport.value).toBe(plain);
  });

  it("gives a list's totalCount as 0 or 5, never the small count", async () => {
    for (const { township } of targets) {
      const shown = await totalCount({ and: [{ regionCode: township }, GRADE_1] });
      expect([0, BASE]).toContain(shown);
    }
    // The admin holds reports:exact and sees the exact number.
    const { township, exact } = targets[0]!;
    expect(await totalCount({ and: [{ regionCode: township }, GRADE_1] }, admin)).toBe(exact);
  });
});

describe('differencing', () => {
  it('two reports whose filters differ by one condition', async () => {
    const all = await report({ groupBy: ['REGION_TOWNSHIP'] });
    const without = await report({ groupBy: ['REGION_TOWNSHIP'], filter: { not: GRADE_1 } });
    for (const { township } of targets) {
      const d = personsOf(rowOf(all, [township]))!.value! - personsOf(rowOf(without, [township]))!.value!;
      expectShownCount(d);
      expect(candidates(d, 2).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('two list totals whose filters differ by one condition', async () => {
    for (const { township } of targets) {
      const d = (await totalCount({ regionCode: township })) - (await totalCount({ and: [{ regionCode: township }, { not: GRADE_1 }] }));
      expect(candidates(d, 2).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('three queries: a township minus its men and its women without the condition', async () => {
    for (const { township } of targets) {
      const all = await totalCount({ regionCode: township });
      const men = await totalCount({ and: [{ regionCode: township }, { not: GRADE_1 }, { gender: 'MALE' }] });
      const women = await totalCount({ and: [{ regionCode: township }, { not: GRADE_1 }, { gender: 'FEMALE' }] });
      expect(candidates(all - men - women, 3).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('a list total against a report cell', async () => {
    const cells = await report({ groupBy: ['REGION_TOWNSHIP'], filter: { not: GRADE_1 } });
    for (const { township } of targets) {
      const d = (await totalCount({ regionCode: township })) - personsOf(rowOf(cells, [township]))!.value!;
      expect(candidates(d, 2).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('two saved-report runs: the county minus the county without the township', async () => {
    const SAVE = `mutation($input: SavedReportInput!) { createSavedReport(input: $input) { id } }`;
    const RUN = `query($id: ID!, $params: ReportParams) { runSavedReport(id: $id, params: $params) { rows { keys cells { measure value suppressed } } } }`;
    for (const { township } of targets.slice(0, 3)) {
      const ids: string[] = [];
      for (const filter of [null, { not: { regionCode: township } }]) {
        const saved = await hub.query(SAVE, { input: { name: `grade ${township}`, definition: { groupBy: ['DISABILITY_GRADE'], filter } } }, office);
        ids.push(saved.body.data.createSavedReport.id);
      }
      const runs = await Promise.all(ids.map((id) => hub.query(RUN, { id, params: { regionCode: '410823' } }, office)));
      const [county, rest] = runs.map((r) => personsOf(rowOf(r.body.data.runSavedReport.rows, ['1']))!.value!);
      expect(candidates(county! - rest!, 2).length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('rates', () => {
  it('a custom rate times its denominator gives back no small count', async () => {
    const rows = await report({
      groupBy: ['REGION_TOWNSHIP'],
      customRates: [{ key: 'GRADE_1_SHARE', label: '一级残疾占比', numerator: GRADE_1, denominator: {} }],
    });
    for (const { township } of targets) {
      const row = rowOf(rows, [township])!;
      const rate = row.cells.find((c) => c.measure === 'GRADE_1_SHARE')!.value!;
      // Shown at 0.1 percentage point, from rounded counts.
      expect(Math.round(rate * 1000)).toBeCloseTo(rate * 1000, 6);
      const persons = personsOf(row)!.value!;
      for (let denominator = persons - MAX_ERROR; denominator <= persons + MAX_ERROR; denominator++) {
        const estimate = Math.round(rate * denominator);
        expect(estimate === 0 || estimate >= BASE).toBe(true);
      }
      // Its numerator and denominator are not shown at all.
      expect(row.cells.map((c) => c.measure)).not.toContain('GRADE_1_SHARE_NUM');
    }
  });

  it('rates of exact callers keep full precision', async () => {
    const input = { groupBy: [], customRates: [{ key: 'G1', label: 'g1', numerator: GRADE_1, denominator: {} }] };
    const [row] = await report(input, admin);
    const [{ n }] = await hub.sql(`select count(*)::int as n from core.person where id in (select person_id from disability.certificate group by person_id having min(grade) = 1)`);
    const [{ total }] = await hub.sql(`select count(*)::int as total from core.person`);
    expect(row!.cells.find((c) => c.measure === 'G1')!.value).toBeCloseTo(n / total, 12);
  });
});

describe('sums of money', () => {
  it('are perturbed within the largest single amount, and a one-person difference stays hidden in the noise', async () => {
    const input = { groupBy: ['REGION_TOWNSHIP'], measures: ['PERSONS', 'MONTHLY_ASSISTANCE'] };
    const [shown, exact] = [await report(input), await report(input, admin)];
    const largest = await hub.sql(`select substr(p.region_code, 1, 9) as township, max(e.total)::float as top
      from (select person_id, sum(monthly_amount) as total from civil_affairs.assistance_enrolment where status = 'ACTIVE' group by person_id) e
      join core.person p on p.id = e.person_id group by 1`);
    let moved = 0;
    for (const row of exact) {
      if (row.keys[0] == null) continue;
      const mine = rowOf(shown, row.keys)!.cells.find((c) => c.measure === 'MONTHLY_ASSISTANCE')!;
      if (mine.suppressed) continue;
      const truth = Number(row.cells.find((c) => c.measure === 'MONTHLY_ASSISTANCE')!.money);
      const top = largest.find((l) => l.township === row.keys[0])?.top ?? 0;
      expect(Math.abs(Number(mine.money) - truth)).toBeLessThanOrEqual(top + 1);
      if (Number(mine.money) !== truth) moved += 1;
    }
    expect(moved).toBeGreaterThan(0);
  });
});

describe('exports', () => {
  it('a CSV export shows the same protected counts as the API', async () => {
    const input = { groupBy: ['REGION_TOWNSHIP'] };
    const res = await fetch(`${hub.baseUrl}/reports/export?format=csv`, {
      method: 'POST',
      headers: { ...office, 'content-type': 'application/json' },
      body: JSON.stringify({ input }),
    });
    expect(res.status).toBe(200);
    const csv = await res.text();
    const api = await report(input);
    for (const row of api.filter((r) => r.keys[0] != null)) {
      const cell = personsOf(row)!;
      const line = csv.split(/\r?\n/).find((l) => l.startsWith(`${row.labels[0]!},`));
      expect(line).toBeDefined();
      if (!cell.suppressed) expect(line!.split(',')).toContain(String(cell.value));
    }
  });
});
