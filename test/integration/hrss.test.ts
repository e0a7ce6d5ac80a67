import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';

/**
 * The sixth department (人社 public-welfare mutual-aid posts) over real HTTP and PostgreSQL, on
 * the county fixture (see test/fixtures/hrss-fixture.ts for the posts and pairings) plus one
 * pairing across townships added here.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({
    fixture: async (client) => {
      await loadCountyFixture(client);
      // 刘芳 (西陶镇) helps 张德福 (詹店镇): the two ends lie in different townships.
      await client.query(`insert into hrss.post (id, person_id, source_record_id, post_type, village_code, work_pattern, subsidy_kind, monthly_subsidy, start_date, status)
        values (4, 5, 'HR-P-4', 'ELDERLY_CARE', '410823102001', 'HOURLY', 'POST_SUBSIDY', '400.00', '2026-01-01', 'ENDED')`);
      await client.query(`insert into hrss.pairing (person_id, source_record_id, helper_person_id, post_id, start_date, end_date) values (4, 'HR-R-4', 5, 4, '2026-01-05', '2026-03-01')`);
    },
  });
});
afterAll(async () => {
  await hub?.close();
});

const HRSS_WARNINGS = `query ($rules: [MonitoringRuleCode!]) {
  warnings(rules: $rules, status: [OPEN], first: 50) { nodes { rule persons { id } evidence { field value } } }
}`;

/** Runs monitoring through the admin mutation (the hub's rules and hrss's alike) and lists open hrss warnings. */
async function runAndList(rule: string, as?: Record<string, string>): Promise<Array<{ rule: string; persons: Array<{ id: string }>; evidence: Array<{ field: string; value: string }> }>> {
  const run = await hub.query(`mutation { runMonitoring { id } }`);
  expect(run.body.errors).toBeUndefined();
  const res = await hub.query(HRSS_WARNINGS, { rules: [rule] }, as);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.warnings.nodes;
}

describe('Person.hrss', () => {
  it('lists the posts a person holds, newest first, with the host village', async () => {
    const res = await hub.query(`{ person(id: "1") { hrss { posts { postType status workPattern subsidyKind monthlySubsidy startDate endDate villageCode village { name } provenance { department sourceRecordId } } } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.person.hrss.posts).toEqual([
      { postType: 'SICK_CARE', status: 'ACTIVE', workPattern: 'HOURLY', subsidyKind: 'POST_SUBSIDY', monthlySubsidy: '600.00', startDate: '2025-03-01', endDate: null, villageCode: '410823101001', village: { name: '詹店村' }, provenance: { department: 'hrss', sourceRecordId: 'HR-P-1' } },
      { postType: 'ELDERLY_CARE', status: 'ENDED', workPattern: 'HOURLY', subsidyKind: 'POST_SUBSIDY', monthlySubsidy: '500.00', startDate: '2024-01-01', endDate: '2024-12-31', villageCode: '410823101001', village: { name: '詹店村' }, provenance: { department: 'hrss', sourceRecordId: 'HR-P-3' } },
    ]);
  });

  it('shows a pairing on both people, each end resolving the other Person with its other departments', async () => {
    const res = await hub.query(`{
      helper: person(id: "1") { hrss { pairingsAsHelper { postId services helper { name } helped { name health { conditions { name } } } } pairingsAsHelped { helper { name } } } }
      helped: person(id: "8") { hrss { pairingsAsHelped { postId helper { name civilAffairs { enrolments { program } } } helped { name } } pairingsAsHelper { id } } }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.helper.hrss).toEqual({
      pairingsAsHelper: [{ postId: '1', services: '代购药品、陪同就医', helper: { name: '王建国' }, helped: { name: '赵强', health: { conditions: [{ name: '肺恶性肿瘤' }] } } }],
      pairingsAsHelped: [],
    });
    expect(res.body.data.helped.hrss).toEqual({
      pairingsAsHelped: [{ postId: '1', helper: { name: '王建国', civilAffairs: { enrolments: [{ program: 'DIBAO' }] } }, helped: { name: '赵强' } }],
      pairingsAsHelper: [],
    });
  });

  it('lists monthly attendance newest first and assessments of the posts held', async () => {
    const res = await hub.query(`{ person(id: "1") { hrss { attendance { postId daysRequired daysPresent } assessments { postId periodEnd result score assessor } } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.person.hrss).toEqual({
      attendance: [
        { postId: '1', daysRequired: 10, daysPresent: 10 },
        { postId: '1', daysRequired: 10, daysPresent: 9 },
        { postId: '1', daysRequired: 10, daysPresent: 10 },
      ],
      assessments: [{ postId: '1', periodEnd: '2025-12-31', result: 'QUALIFIED', score: 82, assessor: '村委会' }],
    });
  });

  it("resolves a pairing's other end to null when it lies outside the caller's region", async () => {
    const headers = await hub.as('township-official', { region: '410823102' });
    const res = await hub.query(`{ person(id: "5") { hrss { pairingsAsHelper { postId helper { name } helped { name } } } } }`, {}, headers);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.person.hrss.pairingsAsHelper).toEqual([{ postId: '4', helper: { name: '刘芳' }, helped: null }]);
  });

  it('an hrss partner reads hrss records; a disability partner gets null and UNAUTHORIZED_FIELD_OR_TYPE', async () => {
    const query = `{ person(id: "9") { name hrss { posts { postType } } } }`;
    const own = await hub.query(query, {}, await hub.as('hrss'));
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.person.hrss.posts).toEqual([{ postType: 'DISABILITY_HELP' }]);
    const other = await hub.query(query, {}, await hub.as('disability'));
    expect(other.body.data.person).toEqual({ name: '欧阳娜娜', hrss: null });
    expect(other.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE' });
    expect(other.body.errors![0]!.path).toEqual(['person', 'hrss']);
  });

  it('loads the posts and pairings of a page of persons, both ends included, in no more statements than for one person', async () => {
    const query = `query($first: Int) { persons(first: $first) { nodes { hrss { posts { postType } pairingsAsHelper { helped { name } } pairingsAsHelped { helper { name } } attendance { month } } } } }`;
    const one = await hub.countStatements(() => hub.query(query, { first: 1 }));
    const all = await hub.countStatements(() => hub.query(query, { first: 9 }));
    expect(all.result.body.errors).toBeUndefined();
    expect(all.result.body.data.persons.nodes).toHaveLength(9);
    // One person may need a person load the page primes for nine; never more for more persons.
    expect(all.statements.length).toBeLessThanOrEqual(one.statements.length);
    expect(one.statements.length).toBeLessThanOrEqual(5);
  });
});

describe('hrss filter predicates', () => {
  const ids = async (filter: Record<string, unknown>) => {
    const res = await hub.query(`query($f: PersonFilter) { persons(filter: $f, first: 50) { totalCount nodes { id } } }`, { f: filter });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.persons.nodes.map((n: { id: string }) => n.id);
  };

  it('selects active post holders, people helped, and holders by post type', async () => {
    expect(await ids({ hrss: { holdsActivePost: true } })).toEqual(['1', '9']);
    expect(await ids({ hrss: { holdsActivePost: false } })).toEqual(['2', '3', '4', '5', '6', '7', '8']);
    expect(await ids({ hrss: { helped: true } })).toEqual(['2', '8']);
    expect(await ids({ hrss: { postType: ['DISABILITY_HELP', 'ELDERLY_CARE'] } })).toEqual(['1', '5', '9']);
  });

  it('combines with other departments: people helped who have a disability certificate', async () => {
    expect(await ids({ hrss: { helped: true }, disability: { grade: [1, 2] } })).toEqual(['2']);
  });

  it('refuses the hrss predicate to a caller who cannot read hrss records', async () => {
    const res = await hub.query(`{ persons(filter: { hrss: { helped: true } }) { totalCount } }`, {}, await hub.as('education'));
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE', field: 'filter.hrss' });
  });
});

describe('hrss report dimensions', () => {
  const REPORT = `query($input: ReportInput!) { report(input: $input) { dimensions { key label } rows { keys labels cells { value } } } }`;

  it('groups by mutual-aid role, with labels', async () => {
    const res = await hub.query(REPORT, { input: { groupBy: ['MUTUAL_AID_ROLE'] } });
    expect(res.body.errors).toBeUndefined();
    const report = res.body.data.report;
    expect(report.dimensions).toEqual([{ key: 'MUTUAL_AID_ROLE', label: '互助角色' }]);
    const cells = Object.fromEntries(report.rows.map((r: { keys: string[]; labels: string[]; cells: Array<{ value: number }> }) => [`${r.keys[0]}:${r.labels[0]}`, r.cells[0]!.value]));
    expect(cells).toEqual({ 'HELPER:公益岗位人员': 2, 'HELPED:受助对象': 2, 'NONE:无': 5, 'null:null': 9 });
  });

  it('groups by active post type within a township', async () => {
    const res = await hub.query(REPORT, { input: { groupBy: ['REGION_TOWNSHIP', 'MUTUAL_AID_POST_TYPE'], subtotals: false } });
    expect(res.body.errors).toBeUndefined();
    const detail = res.body.data.report.rows.filter((r: { keys: unknown[] }) => r.keys[0] != null);
    expect(detail.map((r: { keys: string[]; labels: string[]; cells: Array<{ value: number }> }) => [...r.keys, r.labels[1], r.cells[0]!.value])).toEqual([
      ['410823101', 'DISABILITY_HELP', '互助助残', 1],
      ['410823101', 'NONE', '无', 4],
      ['410823101', 'SICK_CARE', '互助照料病患', 1],
      ['410823102', 'NONE', '无', 3],
    ]);
  });
});

describe('hrss warning rules through the monitoring runner', () => {
  it('flags posts in force held by someone not registered poor or without known labour ability', async () => {
    const found = await runAndList('HRSS_HOLDER_NOT_ELIGIBLE');
    expect(found.map((w) => w.persons.map((p) => p.id))).toEqual([['9']]);
    expect(Object.fromEntries(found[0]!.evidence.map((e) => [e.field, e.value]))).toMatchObject({
      'MutualAidPost.postType': 'DISABILITY_HELP',
      'Household.registeredPoor': 'false',
      'Person.labourAbility': 'UNKNOWN',
    });
    // 王建国 holds post 1 too, but his household is registered poor with PARTIAL labour ability.
    expect(found.some((w) => w.persons.some((p) => p.id === '1'))).toBe(false);
  });

  it('keeps warnings inside the caller region like every other read', async () => {
    await hub.query(`mutation { runMonitoring { id } }`);
    const outside = await hub.query(HRSS_WARNINGS, { rules: ['HRSS_HOLDER_NOT_ELIGIBLE', 'HRSS_ATTENDANCE_LAPSED'] }, await hub.as(["township-official"], { region: "410823102" }));
    expect(outside.body.errors).toBeUndefined();
    expect(outside.body.data.warnings.nodes).toEqual([]);
    const inside = await hub.query(HRSS_WARNINGS, { rules: ['HRSS_HOLDER_NOT_ELIGIBLE'] }, await hub.as(["township-official"], { region: "410823101" }));
    expect(inside.body.data.warnings.nodes.map((w: { persons: Array<{ id: string }> }) => w.persons[0]!.id)).toEqual(['9']);
  });

  it("flags a person helped whose post holder's attendance lapsed, naming the month without attendance", async () => {
    const found = await runAndList('HRSS_ATTENDANCE_LAPSED');
    expect(found.map((w) => w.persons[0]!.id)).toEqual(['2']);
    const evidence = Object.fromEntries(found[0]!.evidence.map((e) => [e.field, e.value]));
    expect(evidence['MutualAidPairing.helper']).toBe('9');
    expect(evidence['PostAttendance.month']).toMatch(/^\d{4}-\d{2}-01$/);
  });

  it('honours a per-township override of minAttendance: at 100% the 9-of-10-days month of post 1 lapses too', async () => {
    const set = await hub.query(`mutation { setMonitoringParameter(input: { rule: HRSS_ATTENDANCE_LAPSED, name: "minAttendance", regionPrefix: "410823101", value: 1 }) { code } }`);
    expect(set.body.errors).toBeUndefined();
    try {
      expect((await runAndList('HRSS_ATTENDANCE_LAPSED')).map((w) => w.persons[0]!.id).sort()).toEqual(['2', '8']);
    } finally {
      await hub.query(`mutation { clearMonitoringParameter(key: { rule: HRSS_ATTENDANCE_LAPSED, name: "minAttendance", regionPrefix: "410823101" }) { code } }`);
    }
    // Back to the default: the condition for 8 cleared, so its warning resolved itself.
    expect((await runAndList('HRSS_ATTENDANCE_LAPSED')).map((w) => w.persons[0]!.id)).toEqual(['2']);
  });
});

describe('hrss on the household assistance chain', () => {
  const CHAIN = `query ($id: ID!) { person(id: $id) { household { assistanceChain { date kind department sourceType person { id } } } } }`;
  type Event = { date: string; kind: string; department: string; sourceType: string; person: { id: string } | null };
  const chainOf = async (personId: string, as?: Record<string, string>): Promise<Event[]> => {
    const res = await hub.query(CHAIN, { id: personId }, as);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.person.household.assistanceChain;
  };

  it("shows the pairing on the helped person's household and the post on the holder's, in date order", async () => {
    const helped = (await chainOf('2')).filter((e) => e.department === 'hrss');
    expect(helped).toContainEqual({ date: '2025-06-10', kind: 'MUTUAL_AID_PAIRED', department: 'hrss', sourceType: 'MutualAidPairing', person: { id: '2' } });
    const holder = (await chainOf('1')).filter((e) => e.department === 'hrss').map((e) => [e.date, e.kind]);
    expect(holder).toEqual(expect.arrayContaining([['2024-01-01', 'MUTUAL_AID_POST_STARTED'], ['2024-12-31', 'MUTUAL_AID_POST_ENDED'], ['2025-03-01', 'MUTUAL_AID_POST_STARTED']]));
    const all = await chainOf('1');
    expect(all.map((e) => e.date)).toEqual([...all.map((e) => e.date)].sort());
  });

  it('hides hrss events from callers who may not read hrss records', async () => {
    const civil = await chainOf('1', await hub.as(['civil-affairs']));
    expect(civil.length).toBeGreaterThan(0);
    expect(civil.filter((e) => e.department === 'hrss')).toEqual([]);
    const partner = await chainOf('1', await hub.as(['hrss']));
    expect(partner.some((e) => e.kind === 'MUTUAL_AID_POST_STARTED')).toBe(true);
  });
});
