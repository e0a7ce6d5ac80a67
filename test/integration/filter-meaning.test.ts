import { startTestHub, type TestHub } from '../support/test-hub.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import { addHouseholdlessPersons } from '../fixtures/householdless-persons.js';
import { compilePersonFilter } from '../../src/core/filter/person-filter.compiler.js';
import { SqlBuilder } from '../../src/contract/sql-builder.js';
import { departments } from '../../src/departments/registry.js';

/**
 * A PersonFilter means the same in lists, reports and warnings, persons without a household
 * included: `not F` is the complement of `F`, a missing household is monitoring status NONE, and
 * every report cell is reproducible as a list through `dimensions`.
 */
let hub: TestHub;
let total = 0;
let householdless: string[] = [];
let township = '';

const count = `query($f: PersonFilter) { persons(filter: $f, first: 0) { totalCount } }`;
async function countOf(filter: unknown, headers?: Record<string, string>): Promise<number> {
  const res = await hub.query(count, { f: filter }, headers);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.persons.totalCount;
}

/** count(F) and count(not F) for many filters, batched with aliases (two per filter). */
async function withComplements(filters: unknown[], headers?: Record<string, string>): Promise<Array<[number, number]>> {
  const out: Array<[number, number]> = [];
  for (let start = 0; start < filters.length; start += 14) {
    const chunk = filters.slice(start, start + 14);
    const vars = chunk.map((_, i) => `$f${i}: PersonFilter!`).join(', ');
    const fields = chunk.map((_, i) => `y${i}: persons(filter: $f${i}, first: 0) { totalCount } n${i}: persons(filter: { not: $f${i} }, first: 0) { totalCount }`).join(' ');
    const res = await hub.query(`query(${vars}) { ${fields} }`, Object.fromEntries(chunk.map((f, i) => [`f${i}`, f])), headers);
    expect(res.body.errors).toBeUndefined();
    chunk.forEach((_, i) => out.push([res.body.data[`y${i}`].totalCount, res.body.data[`n${i}`].totalCount]));
  }
  return out;
}

beforeAll(async () => {
  hub = await startTestHub({
    fixture: async (c) => {
      await seedDemoData(c, { persons: 1500, county: '410823', seed: 11 });
      householdless = await addHouseholdlessPersons(c);
    },
  });
  total = await countOf(null);
  [{ township }] = await hub.sql(`select substr(region_code, 1, 9) as township from core.household group by 1 order by count(*) desc limit 1`);
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

const FILTERS: Array<[string, Record<string, unknown>]> = [
  ['in the province', { regionCode: '41' }],
  ['in the county', { regionCode: '410823' }],
  ['monitoring status NONE', { monitoringStatus: ['NONE'] }],
  ['monitoring status 低保 or 特困', { monitoringStatus: ['DIBAO', 'TEKUN'] }],
  ['registered poor', { registeredPoor: true }],
  ['not registered poor', { registeredPoor: false }],
  ['women', { gender: 'FEMALE' }],
  ['60 and over', { age: { min: 60 } }],
  ['deceased', { deceased: true }],
  ['active 低保', { civilAffairs: { assistanceProgram: ['DIBAO'], assistanceStatus: ['ACTIVE'] } }],
  ['no delivered rehab', { disability: { hasRehabService: false } }],
  ['grade 1-2', { disability: { grade: [1, 2] } }],
  ['left-behind pupil', { education: { leftBehind: true } }],
  ['family doctor', { health: { familyDoctorSigned: true } }],
  ['women’s federation left-behind', { womensFederation: { leftBehind: true } }],
  ['active post holder', { hrss: { holdsActivePost: true } }],
  ['region dimension NONE', { dimensions: [{ dimension: 'REGION_TOWNSHIP', values: ['NONE'] }] }],
  ['assistance dimension NONE', { dimensions: [{ dimension: 'ASSISTANCE_PROGRAM', values: ['NONE'] }] }],
  ['mutual-aid role', { dimensions: [{ dimension: 'MUTUAL_AID_ROLE', values: ['HELPER', 'HELPED'] }] }],
  ['county or men', { or: [{ regionCode: '410823' }, { gender: 'MALE' }] }],
  ['NONE status children', { and: [{ monitoringStatus: ['NONE'] }, { age: { max: 17 } }] }],
  ['in the county and not 低保', { regionCode: '410823', not: { monitoringStatus: ['DIBAO'] } }],
  ['empty any-of', { monitoringStatus: [] }],
];

describe('not is the complement within the caller’s scope', () => {
  it('the county holds persons without a household', async () => {
    expect(householdless).toHaveLength(8);
    const [{ n }] = await hub.sql(`select count(*)::int as n from core.person where household_id is null`);
    expect(n).toBe(8);
    expect(total).toBeGreaterThan(1500);
  });

  it('count(F) + count(not F) = total for every filter', async () => {
    const counts = await withComplements(FILTERS.map(([, f]) => f));
    const wrong = FILTERS.map(([name], i) => ({ name, yes: counts[i]![0], no: counts[i]![1] })).filter((c) => c.yes + c.no !== total);
    expect(wrong).toEqual([]);
    // The filters are not degenerate: the province filter misses exactly the persons without a household.
    expect(counts[0]).toEqual([total - 8, 8]);
  });

  it('not not F is F', async () => {
    for (const [, f] of FILTERS.slice(0, 4)) expect(await countOf({ not: { not: f } })).toBe(await countOf(f));
  });

  it('for a region-scoped caller, F and not F split the caller’s region', async () => {
    // An admin confined to a township: exact counts (reports:exact), so the two parts can be added.
    const official = await hub.as('admin', { region: township });
    const scoped = await countOf(null, official);
    expect(scoped).toBeGreaterThan(0);
    const filters = [{ regionCode: '41' }, { monitoringStatus: ['NONE'] }, { gender: 'FEMALE' }, { disability: { hasRehabService: false } }];
    for (const [yes, no] of await withComplements(filters, official)) expect(yes + no).toBe(scoped);
  });
});

const REPORT = `query($input: ReportInput!) { report(input: $input) { rows { keys cells { measure value } } } }`;
async function cellsOf(dimension: string): Promise<Map<string, number>> {
  const res = await hub.query(REPORT, { input: { groupBy: [dimension], subtotals: false } });
  expect(res.body.errors).toBeUndefined();
  const rows = res.body.data.report.rows as Array<{ keys: Array<string | null>; cells: Array<{ measure: string; value: number }> }>;
  return new Map(rows.filter((r) => r.keys[0] != null).map((r) => [r.keys[0]!, r.cells.find((c) => c.measure === 'PERSONS')!.value]));
}

describe('the report and the lists agree', () => {
  it('a person without a household has monitoring status NONE in both', async () => {
    const cells = await cellsOf('MONITORING_STATUS');
    for (const status of ['NONE', 'DIBAO', 'TEKUN', 'DIBAO_EDGE', 'PREVENT_RETURN']) {
      expect([status, await countOf({ monitoringStatus: [status] })]).toEqual([status, cells.get(status) ?? 0]);
    }
    const [{ n }] = await hub.sql(`select count(*)::int as n from core.person p left join core.household h on h.id = p.household_id where coalesce(h.monitoring_status, 'NONE') = 'NONE'`);
    expect(cells.get('NONE')).toBe(n);
  });

  it('the region NONE cell is the persons without a household, as a list', async () => {
    const cells = await cellsOf('REGION_TOWNSHIP');
    expect(cells.get('NONE')).toBe(8);
    const res = await hub.query(`{ persons(filter: { dimensions: [{ dimension: REGION_TOWNSHIP, values: ["NONE"] }] }, first: 20) { totalCount nodes { id } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.persons.totalCount).toBe(8);
    expect(res.body.data.persons.nodes.map((n: { id: string }) => n.id).sort()).toEqual([...householdless].sort());
    expect(await countOf({ dimensions: [{ dimension: 'REGION_TOWNSHIP', values: [township] }] })).toBe(cells.get(township));
  });

  it('households and warnings read the filter with the same meaning (a member matching it)', async () => {
    const run = await hub.query(`mutation { runMonitoring { id } }`);
    expect(run.body.errors).toBeUndefined();
    const filter = { not: { dimensions: [{ dimension: 'ASSISTANCE_PROGRAM', values: ['NONE'] }] } };
    const res = await hub.query(
      `query($f: PersonFilter) { households(filter: $f, first: 0) { totalCount } warnings(filter: $f, first: 0) { totalCount } }`,
      { f: filter },
    );
    expect(res.body.errors).toBeUndefined();
    const member = `exists (select 1 from core.person p join civil_affairs.assistance_enrolment e on e.person_id = p.id and e.status = 'ACTIVE' where p.household_id = h.id)`;
    const [{ households }] = await hub.sql(`select count(*)::int as households from core.household h where ${member}`);
    const [{ warnings }] = await hub.sql(`select count(*)::int as warnings from monitoring.warning w join core.household h on h.id = w.household_id where ${member}`);
    expect(warnings).toBeGreaterThan(0);
    expect(res.body.data.households.totalCount).toBe(households);
    expect(res.body.data.warnings.totalCount).toBe(warnings);
  });
});

describe('dimension filters: plan', () => {
  it('a joined dimension is probed by the person’s id, not built for every person', async () => {
    const sql = new SqlBuilder();
    const where = compilePersonFilter({ dimensions: [{ dimension: 'DISABILITY_GRADE', values: ['1'] }] }, { departments, person: 'p', household: 'h' }, sql);
    let n = 0;
    const text = `select p.id from core.person p left join core.household h on h.id = p.household_id where ${where}`.replace(/\?/g, () => `$${++n}`);
    const plan = (await hub.sql(`explain (costs off) ${text}`, sql.params)).map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/(Index Cond|Filter): \(person_id = p\.id\)/);
    expect(plan).not.toMatch(/HashAggregate/);
  });
});

describe('dimension filters: input and access', () => {
  it('unknown values are BAD_USER_INPUT naming the path', async () => {
    const res = await hub.query(count, { f: { or: [{ gender: 'MALE' }, { dimensions: [{ dimension: 'DISABILITY_GRADE', values: ['1', '9'] }] }] } });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.or[1].dimensions[0].values[1]' });
    const region = await hub.query(count, { f: { dimensions: [{ dimension: 'REGION_TOWNSHIP', values: ['410823'] }] } });
    expect(region.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.dimensions[0].values[0]' });
  });

  it('filtering by a dimension needs the scopes of grouping by it', async () => {
    const education = await hub.as('education');
    const denied = await hub.query(count, { f: { not: { dimensions: [{ dimension: 'DISABILITY_GRADE', values: ['1'] }] } } }, education);
    expect(denied.body.data?.persons ?? null).toBeNull();
    expect(denied.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE', field: 'filter.not.dimensions[0].dimension=DISABILITY_GRADE' });
    const allowed = await hub.query(count, { f: { dimensions: [{ dimension: 'SCHOOL_STATUS', values: ['DROPPED_OUT'] }] } }, education);
    expect(allowed.body.errors).toBeUndefined();
  });

  it('households are checked the same way', async () => {
    const education = await hub.as('education');
    const f = { and: [{ gender: 'MALE' }, { dimensions: [{ dimension: 'FAMILY_DOCTOR_SIGNED', values: ['YES'] }] }] };
    const denied = await hub.query(`query($f: PersonFilter) { households(filter: $f, first: 0) { totalCount } }`, { f }, education);
    expect(denied.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE', field: 'filter.and[1].dimensions[0].dimension=FAMILY_DOCTOR_SIGNED' });
  });
});
