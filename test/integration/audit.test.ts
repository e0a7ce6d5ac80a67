import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});

/** The stored rows: one per request × subject, the disclosed fields as an array. */
const auditRows = (where = 'true', params: unknown[] = []) =>
  hub.sql(`select id::text, request_id, caller_id, caller_name, purpose, operation_name, person_id::text, household_id::text, fields from core.audit_event where ${where} order by audit_event.id`, params);
const subjects = async (where?: string) => (await auditRows(where)).map((r) => [r.person_id, r.household_id, r.fields]);

const auditor = () => hub.as('auditor', { purpose: 'AUDIT' });
const AUDIT_PAGE = `query($personId: ID, $first: Int, $after: String) {
  auditEvents(personId: $personId, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id field operationName } } }
}`;

beforeEach(async () => {
  await hub.sql('truncate core.audit_event');
});

it('records each revealed value once per person and field, one row per person, with caller, purpose and operation', async () => {
  const headers = await hub.as('civil-affairs', { purpose: 'ELIGIBILITY_CHECK' });
  const res = await hub.query(
    `query Check { persons(filter: { civilAffairs: { assistanceProgram: [DIBAO], assistanceStatus: [ACTIVE] } }) { nodes { idNumber name again: name gender } } }`,
    {},
    headers,
  );
  expect(res.body.errors).toBeUndefined();
  const rows = await auditRows();
  // Two persons: two rows, each with its fields once (the alias `again` repeats `name`).
  expect(rows.map((r) => [r.person_id, r.household_id, r.fields])).toEqual([
    ['1', null, ['Person.idNumber', 'Person.name']],
    ['2', null, ['Person.idNumber', 'Person.name']],
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
  expect(await subjects()).toEqual([['2', null, ['DisabilityCertificate.certificateNumber']]]);
});

it('keeps a person’s fields in one row in the order first disclosed, without repeats', async () => {
  const res = await hub.query(`query Fields { person(id: "1") { phone idNumber again: phone name idAgain: idNumber } }`);
  expect(res.body.errors).toBeUndefined();
  expect(await subjects()).toEqual([['1', null, ['Person.phone', 'Person.idNumber', 'Person.name']]]);
});

it('records a household’s own fields as a household row, apart from its members’ rows', async () => {
  const res = await hub.query(`{ household(id: "1") { address members { id idNumber } } }`, {}, await hub.as('civil-affairs'));
  expect(res.body.errors).toBeUndefined();
  expect(await subjects()).toEqual([
    [null, '1', ['Household.address']],
    ['1', null, ['Person.idNumber']],
    ['2', null, ['Person.idNumber']],
    ['3', null, ['Person.idNumber']],
  ]);
});

it('loses no row under 20 concurrent requests', async () => {
  const headers = await hub.as('health');
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) => hub.query(`query Q${i} { person(id: "${(i % 9) + 1}") { idNumber phone } }`, {}, headers)),
  );
  responses.forEach((r) => expect(r.body.errors).toBeUndefined());
  const rows = await auditRows();
  expect(rows).toHaveLength(20);
  expect(rows.every((r) => r.fields.join() === 'Person.idNumber,Person.phone')).toBe(true);
  expect(new Set(rows.map((r) => r.request_id)).size).toBe(20);
  expect(new Set(rows.map((r) => r.operation_name))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `Q${i}`)));
});

it('answers auditors: who looked at this person, and why', async () => {
  await hub.query(`query Lookup { person(id: "3") { name } }`, {}, await hub.as('education', { purpose: 'CASE_MANAGEMENT' }));
  await hub.query(`query Lookup2 { person(id: "3") { idNumber } person4: person(id: "4") { name } }`, {}, await hub.as('civil-affairs', { purpose: 'ELIGIBILITY_CHECK' }));
  const headers = await auditor();
  const res = await hub.query(
    `{ auditEvents(personId: "3") { totalCount nodes { callerName purpose operationName field personId at } } }`,
    {},
    headers,
  );
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.auditEvents.totalCount).toBe(2);
  expect(res.body.data.auditEvents.nodes.map((n: any) => [n.callerName, n.purpose, n.operationName, n.field, n.personId])).toEqual([
    ['civil-affairs@all', 'ELIGIBILITY_CHECK', 'Lookup2', 'Person.idNumber', '3'],
    ['education@all', 'CASE_MANAGEMENT', 'Lookup', 'Person.name', '3'],
  ]);
  const callerId = (await auditRows(`caller_name = 'education@all'`))[0]!.caller_id;
  const byCaller = await hub.query(`query($c: String) { auditEvents(callerId: $c) { totalCount } }`, { c: callerId }, headers);
  expect(byCaller.body.data.auditEvents.totalCount).toBe(1);
  const future = await hub.query(`{ auditEvents(from: "2999-01-01T00:00:00Z") { totalCount } }`, {}, headers);
  expect(future.body.data.auditEvents.totalCount).toBe(0);
  const paged = await hub.query(`{ auditEvents(first: 1) { pageInfo { hasNextPage endCursor } nodes { field } } }`, {}, headers);
  const next = await hub.query(`query($a: String) { auditEvents(first: 5, after: $a) { nodes { field } } }`, { a: paged.body.data.auditEvents.pageInfo.endCursor }, headers);
  expect(paged.body.data.auditEvents.pageInfo.hasNextPage).toBe(true);
  expect([...paged.body.data.auditEvents.nodes, ...next.body.data.auditEvents.nodes]).toHaveLength(3);
});

it('pages through the disclosures inside a row: one id per disclosure, stable cursors, totalCount of disclosures', async () => {
  await hub.query(`query Older { person(id: "3") { name } }`);
  await hub.query(`query Newer { person(id: "3") { idNumber name phone } }`);
  const [older, newer] = await auditRows();
  expect([older!.fields, newer!.fields]).toEqual([['Person.name'], ['Person.idNumber', 'Person.name', 'Person.phone']]);
  const headers = await auditor();
  const page = async (first: number, after?: string) => {
    const res = await hub.query(AUDIT_PAGE, { personId: '3', first, after }, headers);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.auditEvents;
  };
  const shown = (p: any) => p.edges.map((e: any) => [e.node.id, e.node.operationName, e.node.field]);
  // Newest first: the newer row's fields last to first, then the older row. The boundary falls inside the newer row.
  const one = await page(2);
  expect(shown(one)).toEqual([[`${newer!.id}.3`, 'Newer', 'Person.phone'], [`${newer!.id}.2`, 'Newer', 'Person.name']]);
  expect([one.totalCount, one.pageInfo.hasNextPage]).toEqual([4, true]);
  const two = await page(2, one.pageInfo.endCursor);
  expect(shown(two)).toEqual([[`${newer!.id}.1`, 'Newer', 'Person.idNumber'], [`${older!.id}.1`, 'Older', 'Person.name']]);
  expect([two.totalCount, two.pageInfo.hasNextPage]).toEqual([4, false]);
  // A newer disclosure moves no cursor: every edge's cursor still continues right after its node.
  await hub.query(`query Newest { person(id: "3") { idNumber birthDate } }`);
  expect(shown(await page(2, one.pageInfo.endCursor))).toEqual(shown(two));
  const all = await page(10);
  expect(all.totalCount).toBe(6);
  expect(all.edges.map((e: any) => e.node.field).slice(0, 2)).toEqual(['Person.birthDate', 'Person.idNumber']);
  for (const [i, edge] of all.edges.entries()) {
    const rest = await page(10, edge.cursor);
    expect(rest.edges.map((e: any) => e.node.id)).toEqual(all.edges.slice(i + 1).map((e: any) => e.node.id));
  }
});

it('refuses cursors that are not the audit list’s, and other lists still take row ids only', async () => {
  const headers = await auditor();
  const cursor = (s: string) => Buffer.from(s).toString('base64url');
  for (const after of [cursor('audit:12'), cursor('audit:12.x'), cursor('audit:.1'), cursor('person:12.1')]) {
    const res = await hub.query(AUDIT_PAGE, { first: 1, after }, headers);
    expect([after, res.body.errors?.[0]?.extensions]).toEqual([after, expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' })]);
  }
  const persons = await hub.query(`query($a: String) { persons(first: 1, after: $a) { nodes { id } } }`, { a: cursor('person:1.1') });
  expect(persons.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
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
