import { startTestHub, type TestHub } from '../support/test-hub.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import { ageAt } from '../../resolvers/core/person.resolvers.js';

/**
 * Correctness by recount: every report cell is compared with a count computed here, in
 * TypeScript, from plain rows of the seeded county — not from the report SQL.
 */
let hub: TestHub;
type Facts = Record<string, string> & { id: string };
let persons: Facts[] = [];

const today = new Date().toISOString().slice(0, 10);
const PROGRAM_ORDER = ['TEKUN', 'DIBAO', 'DIBAO_EDGE', 'TEMPORARY'];
const CATEGORY = ['VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE'];

function group<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
}

beforeAll(async () => {
  hub = await startTestHub({ fixture: (c) => seedDemoData(c, { persons: 3000, county: '410823', seed: 11 }).then(() => undefined) });
  const base = await hub.sql(`select p.id::text as id, p.gender, p.birth_date::text as birth, h.region_code, h.monitoring_status from core.person p left join core.household h on h.id = p.household_id`);
  const enrol = group(await hub.sql(`select person_id::text as pid, program from civil_affairs.assistance_enrolment where status = 'ACTIVE'`), (r) => r.pid);
  const care = group(await hub.sql(`select person_id::text as pid, category, start_date, id from civil_affairs.care_target order by start_date, id`), (r) => r.pid);
  const custody = group(await hub.sql(`select person_id::text as pid, mode from civil_affairs.custody_agreement order by signed_date desc, id desc`), (r) => r.pid);
  const certs = group(await hub.sql(`select person_id::text as pid, category, grade from disability.certificate order by issued_date desc, id desc`), (r) => r.pid);
  const rehab = group(await hub.sql(`select person_id::text as pid from disability.rehab_service where status in ('IN_SERVICE', 'SETTLED')`), (r) => r.pid);
  const school = group(await hub.sql(`select person_id::text as pid, status, left_behind from education.enrolment order by term desc, id desc`), (r) => r.pid);
  const doctor = group(await hub.sql(`select person_id::text as pid from health.family_doctor_contract where valid_until >= current_date`), (r) => r.pid);
  persons = base.map((p) => {
    const age = ageAt(p.birth, today);
    const programs = (enrol.get(p.id) ?? []).map((e) => e.program);
    const pc = certs.get(p.id) ?? [];
    return {
      id: p.id,
      GENDER: p.gender,
      REGION_TOWNSHIP: p.region_code ? p.region_code.slice(0, 9) : 'NONE',
      AGE_BAND: age < 6 ? '0-5' : age < 18 ? '6-17' : age < 60 ? '18-59' : age < 80 ? '60-79' : '80+',
      AGE: String(age),
      MONITORING_STATUS: p.monitoring_status ?? 'NONE',
      ASSISTANCE_PROGRAM: PROGRAM_ORDER.find((x) => programs.includes(x)) ?? 'NONE',
      DIBAO_ACTIVE: programs.includes('DIBAO') ? 'Y' : 'N',
      CARE_CATEGORY: care.get(p.id)?.[0]?.category ?? 'NONE',
      CUSTODY_MODE: custody.get(p.id)?.[0]?.mode ?? 'NONE',
      DISABILITY_CATEGORY: pc.length ? CATEGORY[pc[0]!.category - 1]! : 'NONE',
      DISABILITY_GRADE: pc.length ? String(Math.min(...pc.map((c) => c.grade))) : 'NONE',
      REHAB: rehab.has(p.id) ? 'Y' : 'N',
      SCHOOL_STATUS: school.get(p.id)?.[0]?.status ?? 'NONE',
      LEFT_BEHIND: (school.get(p.id) ?? []).some((s) => s.left_behind) ? 'YES' : 'NO',
      FAMILY_DOCTOR_SIGNED: doctor.has(p.id) ? 'YES' : 'NO',
    } as Facts;
  });
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

const FILTERS: Array<[string, Record<string, unknown> | null, (p: Facts) => boolean]> = [
  ['everyone', null, () => true],
  ['women', { gender: 'FEMALE' }, (p) => p.GENDER === 'FEMALE'],
  ['active 低保', { civilAffairs: { assistanceProgram: ['DIBAO'], assistanceStatus: ['ACTIVE'] } }, (p) => p.DIBAO_ACTIVE === 'Y'],
  ['60 and over', { age: { min: 60 } }, (p) => Number(p.AGE) >= 60],
  ['grade 1-2 disabled without rehab', { disability: { grade: [1, 2], hasRehabService: false } }, (p) => ['1', '2'].includes(p.DISABILITY_GRADE) && p.REHAB === 'N'],
];
const GROUPINGS = [
  [], ['GENDER'], ['REGION_TOWNSHIP'], ['AGE_BAND', 'GENDER'], ['ASSISTANCE_PROGRAM', 'DISABILITY_GRADE'],
  ['REGION_TOWNSHIP', 'DISABILITY_CATEGORY'], ['MONITORING_STATUS', 'SCHOOL_STATUS'], ['LEFT_BEHIND', 'FAMILY_DOCTOR_SIGNED'],
  ['CARE_CATEGORY'], ['CUSTODY_MODE', 'GENDER', 'AGE_BAND'],
];

const REPORT = `query($input: ReportInput!) { report(input: $input) { suppressionThreshold rows { keys labels cells { measure value money suppressed } } } }`;

describe.each(FILTERS)('filter: %s', (_name, filter, matches) => {
  it.each(GROUPINGS.map((g) => [g.join(' × ') || 'no grouping', g]))('counts by %s agree with a recount, subtotals included', async (_label, groupBy) => {
    const dims = groupBy as string[];
    const res = await hub.query(REPORT, { input: { filter, groupBy: dims, measures: ['PERSONS'] } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.report.suppressionThreshold).toBeNull(); // admin holds reports:exact
    const selected = persons.filter(matches);
    for (const row of res.body.data.report.rows as Array<{ keys: Array<string | null>; cells: Array<{ value: number }> }>) {
      const expected = selected.filter((p) => row.keys.every((k, i) => k == null || p[dims[i]!] === k)).length;
      expect({ keys: row.keys, persons: row.cells[0]!.value }).toEqual({ keys: row.keys, persons: expected });
    }
    const detail = res.body.data.report.rows.filter((r: { keys: unknown[] }) => r.keys.every((k) => k != null));
    const cells = new Set(selected.map((p) => dims.map((d) => p[d]).join('|')));
    expect(detail.length).toBe(dims.length === 0 ? 1 : cells.size);
  });
});

it('computes the rehab coverage rate against a recount', async () => {
  const res = await hub.query(REPORT, { input: { groupBy: [], measures: ['PERSONS'], rates: ['REHAB_COVERAGE'] } });
  const cells = res.body.data.report.rows[0].cells as Array<{ measure: string; value: number }>;
  const value = (m: string) => cells.find((c) => c.measure === m)!.value;
  const certified = persons.filter((p) => p.DISABILITY_GRADE !== 'NONE');
  expect(value('REHAB_COVERAGE_DEN')).toBe(certified.length);
  expect(value('REHAB_COVERAGE_NUM')).toBe(certified.filter((p) => p.REHAB === 'Y').length);
  expect(value('REHAB_COVERAGE')).toBeCloseTo(value('REHAB_COVERAGE_NUM') / value('REHAB_COVERAGE_DEN'), 10);
});

it('sums monthly assistance in yuan exactly', async () => {
  const res = await hub.query(REPORT, { input: { groupBy: ['GENDER'], measures: ['PERSONS', 'MONTHLY_ASSISTANCE'] } });
  const [{ total }] = await hub.sql(`select sum(monthly_amount)::text as total from civil_affairs.assistance_enrolment where status = 'ACTIVE'`);
  const grand = res.body.data.report.rows.find((r: { keys: unknown[] }) => r.keys.every((k) => k == null));
  expect(grand.cells[1]).toMatchObject({ measure: 'MONTHLY_ASSISTANCE', money: Number(total).toFixed(2) });
});

describe('permissions and suppression', () => {
  it('suppresses small cells for callers without exact counts, with secondary suppression', async () => {
    const headers = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
    const res = await hub.query(REPORT, { input: { groupBy: ['REGION_TOWNSHIP', 'DISABILITY_GRADE'] } }, headers);
    expect(res.body.errors).toBeUndefined();
    const report = res.body.data.report;
    expect(report.suppressionThreshold).toBe(5);
    const rows = report.rows as Array<{ keys: Array<string | null>; cells: Array<{ value: number | null; suppressed: boolean }> }>;
    for (const row of rows) {
      const c = row.cells[0]!;
      if (!c.suppressed) expect(c.value === 0 || c.value! >= 5).toBe(true);
      else expect(c.value).toBeNull();
    }
    // No line (same township, all grades + the township subtotal) hides exactly one cell.
    const byTownship = group(rows.filter((r) => r.keys[0] != null), (r) => r.keys[0]!);
    for (const line of byTownship.values()) {
      const subtotal = line.find((r) => r.keys[1] == null)!;
      const hidden = line.filter((r) => r.keys[1] != null && r.cells[0]!.suppressed);
      if (!subtotal.cells[0]!.suppressed) expect(hidden.length).not.toBe(1);
    }
  });

  it('refuses to group or measure by what the caller cannot read', async () => {
    const headers = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
    const grouped = await hub.query(REPORT, { input: { groupBy: ['FAMILY_DOCTOR_SIGNED'], filter: { health: { conditionCode: ['I10'] } } } }, headers);
    expect(grouped.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE', field: 'input.filter.health.conditionCode' });
    const education = await hub.as('education');
    const denied = await hub.query(REPORT, { input: { groupBy: ['GENDER'] } }, education);
    expect(denied.body.errors![0]!.extensions!.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });

  it('confines every cell and total of a township official to the township', async () => {
    const township = persons.find((p) => p.REGION_TOWNSHIP !== 'NONE')!.REGION_TOWNSHIP;
    const headers = await hub.as(['township-official', 'leading-group-office'], { region: township });
    const res = await hub.query(REPORT, { input: { groupBy: ['REGION_TOWNSHIP'] } }, headers);
    const rows = res.body.data.report.rows as Array<{ keys: Array<string | null>; cells: Array<{ value: number | null }> }>;
    expect(rows.map((r) => r.keys[0])).toEqual([township, null]);
    // The township's total, not the county's — exact: a township official reads its persons by name (reports:exact).
    expect(rows[1]!.cells[0]!.value).toBe(persons.filter((p) => p.REGION_TOWNSHIP === township).length);
  });
});
