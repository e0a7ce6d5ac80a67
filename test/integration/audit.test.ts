import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});

const auditRows = (where = 'true', params: unknown[] = []) =>
  hub.sql(`select request_id, caller_id, caller_name, purpose, operation_name, person_id::text, household_id::text, field from core.audit_event where ${where} order by id`, params);

beforeEach(async () => {
  await hub.sql('truncate core.audit_event');
});

it('records each revealed value once per person and field, with caller, purpose and operation', async () => {
  const headers = await hub.as('civil-affairs', { purpose: 'ELIGIBILITY_CHECK' });
  const res = await hub.query(
    `query Check { persons(filter: { civilAffairs: { assistanceProgram: [DIBAO], assistanceStatus: [ACTIVE] } }) { nodes { idNumber name again: name gender } } }`,
    {},
    headers,
  );
  expect(res.body.errors).toBeUndefined();
  const rows = await auditRows();
  expect(rows.map((r) => [r.person_id, r.field])).toEqual([
    ['1', 'Person.idNumber'], ['1', 'Person.name'], ['2', 'Person.idNumber'], ['2', 'Person.name'],
  ]);
  expect(new Set(rows.map((r) => r.request_id)).size).toBe(1);
  expect(rows[0]).toMatchObject({ caller_name: 'civil-affairs@all', purpose: 'ELIGIBILITY_CHECK', operation_name: 'Check' });
  expect(rows[0]!.caller_id).toMatch(/^caller:\d+$/);
});

it('records nothing for masked, denied or purpose-less reads', async () => {
  const office = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
  await hub.query(`{ person(id: "1") { idNumber name phone } }`, {}, office);
  const noPurpose = await hub.as('civil-affairs', { purpose: null });
  await hub.query(`{ person(id: "1") { idNumber } }`, {}, noPurpose);
  const education = await hub.as('education');
  await hub.query(`{ person(id: "2") { disability { certificates { certificateNumber } } } }`, {}, education);
  expect(await auditRows()).toEqual([]);
});

it('records disclosures of department record fields against the record’s person', async () => {
  const headers = await hub.as('disability');
  await hub.query(`{ person(id: "2") { disability { certificates { certificateNumber } } } }`, {}, headers);
  expect((await auditRows()).map((r) => [r.person_id, r.field])).toEqual([['2', 'DisabilityCertificate.certificateNumber']]);
  const household = await hub.as('civil-affairs');
  await hub.query(`{ household(id: "1") { address } }`, {}, household);
  expect((await auditRows(`field = 'Household.address'`)).map((r) => [r.person_id, r.household_id])).toEqual([[null, '1']]);
});

it('loses no row under 20 concurrent requests', async () => {
  const headers = await hub.as('health');
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) => hub.query(`query Q${i} { person(id: "${(i % 9) + 1}") { idNumber phone } }`, {}, headers)),
  );
  responses.forEach((r) => expect(r.body.errors).toBeUndefined());
  const rows = await auditRows();
  expect(rows).toHaveLength(40);
  expect(new Set(rows.map((r) => r.request_id)).size).toBe(20);
  expect(new Set(rows.map((r) => r.operation_name))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `Q${i}`)));
});

it('answers auditors: who looked at this person, and why', async () => {
  await hub.query(`query Lookup { person(id: "3") { name } }`, {}, await hub.as('education', { purpose: 'CASE_MANAGEMENT' }));
  await hub.query(`query Lookup2 { person(id: "3") { idNumber } person4: person(id: "4") { name } }`, {}, await hub.as('civil-affairs', { purpose: 'ELIGIBILITY_CHECK' }));
  const auditor = await hub.as('auditor', { purpose: 'AUDIT' });
  const res = await hub.query(
    `{ auditEvents(personId: "3") { totalCount nodes { callerName purpose operationName field personId at } } }`,
    {},
    auditor,
  );
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.auditEvents.totalCount).toBe(2);
  expect(res.body.data.auditEvents.nodes.map((n: any) => [n.callerName, n.purpose, n.operationName, n.field, n.personId])).toEqual([
    ['civil-affairs@all', 'ELIGIBILITY_CHECK', 'Lookup2', 'Person.idNumber', '3'],
    ['education@all', 'CASE_MANAGEMENT', 'Lookup', 'Person.name', '3'],
  ]);
  const callerId = (await auditRows(`caller_name = 'education@all'`))[0]!.caller_id;
  const byCaller = await hub.query(`query($c: String) { auditEvents(callerId: $c) { totalCount } }`, { c: callerId }, auditor);
  expect(byCaller.body.data.auditEvents.totalCount).toBe(1);
  const future = await hub.query(`{ auditEvents(from: "2999-01-01T00:00:00Z") { totalCount } }`, {}, auditor);
  expect(future.body.data.auditEvents.totalCount).toBe(0);
  const paged = await hub.query(`{ auditEvents(first: 1) { pageInfo { hasNextPage endCursor } nodes { field } } }`, {}, auditor);
  const next = await hub.query(`query($a: String) { auditEvents(first: 5, after: $a) { nodes { field } } }`, { a: paged.body.data.auditEvents.pageInfo.endCursor }, auditor);
  expect(paged.body.data.auditEvents.pageInfo.hasNextPage).toBe(true);
  expect([...paged.body.data.auditEvents.nodes, ...next.body.data.auditEvents.nodes]).toHaveLength(3);
});

it('withholds the data when the audit trail cannot be written', async () => {
  const headers = await hub.as('civil-affairs');
  await hub.sql('alter table core.audit_event rename to audit_event_away');
  try {
    const res = await hub.query(`{ person(id: "1") { name } }`, {}, headers);
    expect(res.status).toBe(503);
    expect(res.body.data).toBeNull();
    expect(res.body.errors![0]!.extensions!.code).toBe('AUDIT_UNAVAILABLE');
    expect(JSON.stringify(res.body)).not.toContain('王建国');
  } finally {
    await hub.sql('alter table core.audit_event_away rename to audit_event');
  }
});
