import { startTestHub, type TestHub } from '../support/test-hub.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import { Rng } from '../../src/seed/prng.js';
import { addHouseholdlessPersons } from '../fixtures/householdless-persons.js';

/**
 * Every report cell is a list: for random report definitions (seeded), each detail cell's PERSONS
 * equals the `totalCount` of `persons` filtered by the report's filter and the cell's keys as
 * `dimensions`, and the grand total equals the list under the report's filter alone. Run as an
 * admin, who holds `reports:exact`, so both sides are exact.
 */
let hub: TestHub;
let dimensions: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({
    fixture: async (c) => {
      await seedDemoData(c, { persons: 1200, county: '410823', seed: 23 });
      await addHouseholdlessPersons(c);
    },
  });
  const res = await hub.query(`{ __type(name: "ReportDimension") { enumValues { name } } }`);
  dimensions = res.body.data.__type.enumValues.map((v: { name: string }) => v.name);
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

const REPORT_FILTERS: Array<Record<string, unknown>> = [
  { gender: 'FEMALE' },
  { age: { min: 60 } },
  { civilAffairs: { assistanceStatus: ['ACTIVE'] } },
  { not: { regionCode: '410823101' } },
  { monitoringStatus: ['NONE', 'DIBAO'] },
  { disability: { hasRehabService: false } },
  { or: [{ education: { leftBehind: true } }, { hrss: { helped: true } }] },
  { dimensions: [{ dimension: 'AGE_BAND', values: ['60-79', '80+'] }] },
  { not: { dimensions: [{ dimension: 'ASSISTANCE_PROGRAM', values: ['NONE'] }] } },
];

interface Definition {
  groupBy: string[];
  filter: Record<string, unknown> | null;
}

/** 1–2 dimensions each, every dimension at least once, half of them under a random report filter. */
function randomDefinitions(rng: Rng): Definition[] {
  const order = [...dimensions];
  for (let i = order.length - 1; i > 0; i--) {
    const k = rng.int(0, i);
    [order[i], order[k]] = [order[k]!, order[i]!];
  }
  const out: Definition[] = [];
  while (order.length) {
    const groupBy = order.splice(0, rng.int(1, 2));
    out.push({ groupBy, filter: rng.chance(0.5) ? rng.pick(REPORT_FILTERS) : null });
  }
  for (let i = 0; i < 4; i++) {
    const first = rng.pick(dimensions);
    const second = rng.pick(dimensions.filter((d) => d !== first));
    out.push({ groupBy: rng.chance(0.5) ? [first] : [first, second], filter: rng.chance(0.7) ? rng.pick(REPORT_FILTERS) : null });
  }
  return out;
}

const REPORT = `query($input: ReportInput!) { report(input: $input) { rows { keys cells { measure value } } } }`;
/** Admins may send at most 30 aliases per request. */
const BATCH = 29;

/** `totalCount` of `persons` for each filter, many lists per request. */
async function listCounts(filters: unknown[]): Promise<number[]> {
  const out: number[] = [];
  for (let start = 0; start < filters.length; start += BATCH) {
    const chunk = filters.slice(start, start + BATCH);
    const vars = chunk.map((_, i) => `$f${i}: PersonFilter`).join(', ');
    const fields = chunk.map((_, i) => `c${i}: persons(filter: $f${i}, first: 0) { totalCount }`).join(' ');
    const res = await hub.query(`query(${vars}) { ${fields} }`, Object.fromEntries(chunk.map((f, i) => [`f${i}`, f])));
    expect(res.body.errors).toBeUndefined();
    chunk.forEach((_, i) => out.push(res.body.data[`c${i}`].totalCount));
  }
  return out;
}

it('the schema’s dimensions include the departments’ (hrss)', () => {
  expect(dimensions).toEqual(expect.arrayContaining(['REGION_VILLAGE', 'MONITORING_STATUS', 'DISABILITY_GRADE', 'MUTUAL_AID_POST_TYPE', 'MUTUAL_AID_ROLE']));
});

it('every detail cell of random reports is reproduced by a list with the cell’s keys as dimension filters', async () => {
  const definitions = randomDefinitions(new Rng(20250));
  expect(new Set(definitions.flatMap((d) => d.groupBy))).toEqual(new Set(dimensions));
  const [everyone] = await listCounts([null]);
  for (const def of definitions) {
    const res = await hub.query(REPORT, { input: { ...def, measures: ['PERSONS'] } });
    expect(res.body.errors).toBeUndefined();
    const rows = res.body.data.report.rows as Array<{ keys: Array<string | null>; cells: Array<{ measure: string; value: number }> }>;
    const persons = (r: (typeof rows)[number]) => r.cells.find((c) => c.measure === 'PERSONS')!.value;
    const detail = rows.filter((r) => r.keys.every((k) => k != null));
    const grand = rows.find((r) => r.keys.every((k) => k == null))!;
    const cellFilter = (keys: Array<string | null>) => ({
      and: [def.filter ?? {}, { dimensions: def.groupBy.map((dimension, i) => ({ dimension, values: [keys[i]] })) }],
    });
    const [filtered, ...cells] = await listCounts([def.filter, ...detail.map((r) => cellFilter(r.keys))]);
    const label = `${def.groupBy.join(' × ')} under ${JSON.stringify(def.filter)}`;
    expect([label, persons(grand)]).toEqual([label, filtered]);
    if (def.filter == null) expect(persons(grand)).toBe(everyone);
    const differing = detail.map((r, i) => ({ keys: r.keys, report: persons(r), list: cells[i] })).filter((c) => c.report !== c.list);
    expect([label, differing]).toEqual([label, []]);
  }
}, 300_000);
