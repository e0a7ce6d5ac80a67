import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadMonitoringFixture, MONITORING_YEAR } from '../fixtures/monitoring-fixture.js';

/** Warnings as cases over real HTTP: listing, region scope, evidence permissions, case handling; the assistance chain. */
let hub: TestHub;

const WARNINGS = `query($filter: PersonFilter, $rules: [MonitoringRuleCode!], $status: [WarningStatus!], $first: Int, $after: String) {
  warnings(filter: $filter, rules: $rules, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id rule status conditionPresent household { id } persons { id } hiddenEvidenceCount evidence { department field value person { id } } }
  }
}`;

async function warnings(vars: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const res = await hub.query(WARNINGS, { first: 100, ...vars }, headers);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.warnings;
}

const idOf = async (rule: string, householdId: number) =>
  String((await hub.sql(`select id from monitoring.warning where rule_code = $1 and household_id = $2 and live`, [rule, householdId]))[0].id);

const UPDATE = `mutation($id: ID!, $status: WarningStatus!, $reason: String) { updateWarningStatus(id: $id, status: $status, reason: $reason) { id status statusReason statusChangedBy conditionPresent } }`;

beforeAll(async () => {
  hub = await startTestHub({ fixture: loadMonitoringFixture });
  const res = await hub.query(`mutation { runMonitoring(year: ${MONITORING_YEAR}) { id } }`);
  expect(res.body.errors).toBeUndefined();
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

describe('listing warnings', () => {
  test('lists every warning, narrowed by rule and status, in pages', async () => {
    const all = await warnings();
    const [{ n }] = await hub.sql(`select count(*)::int as n from monitoring.warning`);
    expect(all.totalCount).toBe(n);
    const medical = await warnings({ rules: ['MEDICAL_HARDSHIP'], status: ['OPEN'] });
    expect(medical.nodes.map((w: any) => w.household.id).sort()).toEqual(['1', '14']);
    const page1 = await warnings({ first: 3 });
    const page2 = await warnings({ first: 3, after: page1.pageInfo.endCursor });
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect([...page1.nodes, ...page2.nodes].map((w: any) => w.id)).toEqual(all.nodes.slice(0, 6).map((w: any) => w.id));
  });

  test('a person filter keeps warnings whose household has a matching member', async () => {
    const children = await warnings({ filter: { age: { max: 15 } } });
    const households = new Set(children.nodes.map((w: any) => w.household.id));
    expect([...households].sort()).toEqual(['1', '21', '22', '24', '3']);
  });

  test('a filter on a field the caller cannot read is refused, as everywhere', async () => {
    const headers = await hub.as('township-official', { region: '410823101' });
    const res = await hub.query(`{ warnings(filter: { health: { conditionCode: ["C16"] } }) { totalCount } }`, {}, headers);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(res.body.data?.warnings ?? null).toBeNull();
  });

  test('a township official sees only the warnings of its township', async () => {
    const headers = await hub.as('township-official', { region: '410823102' });
    const scoped = await warnings({}, headers);
    expect(scoped.nodes.length).toBeGreaterThan(0);
    const [{ n }] = await hub.sql(`select count(*)::int as n from monitoring.warning w join core.household h on h.id = w.household_id where h.region_code like '410823102%'`);
    expect(scoped.totalCount).toBe(n);
    const outside = await idOf('MEDICAL_HARDSHIP', 1);
    const one = await hub.query(`query($id: ID!) { warning(id: $id) { id } }`, { id: outside }, headers);
    expect(one.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const change = await hub.query(UPDATE, { id: outside, status: 'ACKNOWLEDGED' }, headers);
    expect(change.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('clinical evidence is withheld from callers without health:clinical, and counted', async () => {
    const query = `query($id: ID!) { warning(id: $id) { hiddenEvidenceCount evidence { field value } } }`;
    const id = await idOf('MEDICAL_HARDSHIP', 14);
    const admin = await hub.query(query, { id });
    const office = await hub.query(query, { id }, await hub.as('leading-group-office', { purpose: 'STATISTICS' }));
    expect(admin.body.data.warning.evidence.map((e: any) => e.field)).toContain('HealthCondition.name');
    expect(admin.body.data.warning.hiddenEvidenceCount).toBe(0);
    expect(office.body.data.warning.evidence.map((e: any) => e.field)).not.toContain('HealthCondition.name');
    expect(office.body.data.warning.evidence.map((e: any) => e.field)).toContain('MedicalExpense.outOfPocket');
    expect(office.body.data.warning.hiddenEvidenceCount).toBe(1);
  });

  test('callers without warnings:read get no warnings, and only admins run monitoring or set parameters', async () => {
    const denied = await hub.query(`{ warnings { totalCount } }`, {}, await hub.as('health'));
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const office = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
    const run = await hub.query(`mutation { runMonitoring { id } }`, {}, office);
    expect(run.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const set = await hub.query(`mutation { setMonitoringParameter(input: { rule: MEDICAL_HARDSHIP, name: "shareOfIncome", value: 0.1 }) { code } }`, {}, office);
    expect(set.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const change = await hub.query(UPDATE, { id: await idOf('MEDICAL_HARDSHIP', 1), status: 'ACKNOWLEDGED' }, office);
    expect(change.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });
});

describe('handling a warning', () => {
  test('dismissing needs a reason', async () => {
    const id = await idOf('LEFT_BEHIND_CHILD_UNPAIRED', 21);
    const res = await hub.query(UPDATE, { id, status: 'DISMISSED', reason: '  ' });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await hub.sql(`select status from monitoring.warning where id = $1`, [id]))[0].status).toBe('OPEN');
  });

  test('a dismissed warning stays dismissed across runs while its condition lasts, with who and why', async () => {
    const id = await idOf('LEFT_BEHIND_CHILD_UNPAIRED', 21);
    const headers = await hub.as('township-official', { region: '410823102' });
    const res = await hub.query(UPDATE, { id, status: 'DISMISSED', reason: '已由村小结对，待教育局录入' }, headers);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateWarningStatus).toMatchObject({ status: 'DISMISSED', statusReason: '已由村小结对，待教育局录入', statusChangedBy: expect.stringMatching(/^caller:/) });
    await hub.query(`mutation { runMonitoring(year: ${MONITORING_YEAR}) { id } }`);
    const rows = await hub.sql(`select id::text, status from monitoring.warning where rule_code = 'LEFT_BEHIND_CHILD_UNPAIRED' and household_id = 21`);
    expect(rows).toEqual([{ id, status: 'DISMISSED' }]);
  });

  test('an acknowledged warning resolves itself when its condition clears, and cannot be reopened', async () => {
    const id = await idOf('DROPOUT_IN_ASSISTED_HOUSEHOLD', 23);
    expect((await hub.query(UPDATE, { id, status: 'ACKNOWLEDGED' })).body.data.updateWarningStatus.status).toBe('ACKNOWLEDGED');
    await hub.sql(`update education.enrolment set status = 'ENROLLED' where person_id = 117`);
    await hub.query(`mutation { runMonitoring(year: ${MONITORING_YEAR}) { id } }`);
    const after = await hub.query(`query($id: ID!) { warning(id: $id) { status conditionPresent statusChangedBy } }`, { id });
    expect(after.body.data.warning).toEqual({ status: 'RESOLVED', conditionPresent: false, statusChangedBy: 'monitoring' });
    const reopen = await hub.query(UPDATE, { id, status: 'OPEN' });
    expect(reopen.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
  });

  test('a warning resolved by hand while its condition persists reopens on the next run', async () => {
    const id = await idOf('DECEASED_STILL_PAID', 2);
    await hub.query(UPDATE, { id, status: 'RESOLVED', reason: '已停发' });
    await hub.query(`mutation { runMonitoring(year: ${MONITORING_YEAR}) { id } }`);
    const [w] = await hub.sql(`select status, status_reason from monitoring.warning where id = $1`, [id]);
    expect(w).toEqual({ status: 'OPEN', status_reason: 'reopened: condition still present' });
  });

  test('runs are listed newest first with per-rule counts', async () => {
    const res = await hub.query(`{ monitoringRuns(first: 2) { id year triggeredBy totalMilliseconds rules { rule produced created resolved milliseconds } } }`);
    const [latest, previous] = res.body.data.monitoringRuns;
    expect(Number(latest.id)).toBeGreaterThan(Number(previous.id));
    expect(latest.year).toBe(MONITORING_YEAR);
    expect(latest.rules.map((r: any) => r.rule)).toContain('CONSENT_MISSING');
    expect(latest.rules.at(-1).rule).toBe('CONSENT_MISSING');
  });
});

describe('the assistance chain', () => {
  const CHAIN = `query($id: ID!, $from: Date, $to: Date) { household(id: $id) { assistanceChain(from: $from, to: $to) { date kind department sourceType recordId person { id } summary } } }`;

  test('merges every department’s events for the household and its members, oldest first', async () => {
    const res = await hub.query(CHAIN, { id: '1' });
    expect(res.body.errors).toBeUndefined();
    const events = res.body.data.household.assistanceChain;
    const dates = events.map((e: any) => e.date);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(events.map((e: any) => e.department))).toEqual(new Set(['civil-affairs', 'disability', 'education', 'health', 'hrss', 'monitoring']));
    expect(events.map((e: any) => e.kind)).toEqual(
      expect.arrayContaining(['ENROLMENT_STARTED', 'CARE_VISIT', 'CERTIFICATE_ISSUED', 'SUBSIDY_STARTED', 'SCHOOL_ENROLMENT', 'TEACHER_PAIRED', 'CONDITION_DIAGNOSED', 'WARNING_RAISED']),
    );
    const dibao = events.find((e: any) => e.kind === 'ENROLMENT_STARTED' && e.person.id === '1');
    expect(dibao).toMatchObject({ date: '2022-01-01', sourceType: 'AssistanceEnrolment', summary: 'DIBAO ACTIVE 480.50' });
  });

  test('from and to bound the timeline, inclusive', async () => {
    const res = await hub.query(CHAIN, { id: '1', from: '2022-01-01', to: '2023-01-01' });
    const events = res.body.data.household.assistanceChain;
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.date >= '2022-01-01' && e.date <= '2023-01-01').toBe(true);
    expect(events.map((e: any) => e.kind)).toEqual(expect.arrayContaining(['ENROLMENT_STARTED', 'CARE_TARGET_REGISTERED']));
    const reversed = await hub.query(CHAIN, { id: '1', from: '2024-01-01', to: '2023-01-01' });
    expect(reversed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  test('events are filtered like their source: no diagnoses without health:clinical, no warnings without warnings:read', async () => {
    const kinds = async (headers: Record<string, string>) => {
      const res = await hub.query(CHAIN, { id: '1' }, headers);
      expect(res.body.errors).toBeUndefined();
      return new Set(res.body.data.household.assistanceChain.map((e: any) => e.kind));
    };
    const office = await kinds(await hub.as('leading-group-office', { purpose: 'STATISTICS' }));
    expect(office.has('CONDITION_DIAGNOSED')).toBe(false);
    expect(office.has('HEALTH_CHECK')).toBe(true);
    expect(office.has('WARNING_RAISED')).toBe(true);
    const education = await kinds(await hub.as('education'));
    expect([...education].sort()).toEqual(['SCHOOL_ENROLMENT', 'TEACHER_PAIRED', 'EDUCATION_AID'].sort());
  });

  test('the chains of a whole page of households cost one statement', async () => {
    const { result, statements } = await hub.countStatements(() =>
      hub.query(`{ households(first: 20) { nodes { id assistanceChain { kind } } } }`),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.households.nodes.length).toBeGreaterThan(10);
    expect(statements.filter((s) => s.includes('union all')).length).toBe(1);
  });
});
