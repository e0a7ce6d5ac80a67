import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';
import { groupCommitAuditWrites } from '../../src/auth/audit-group-commit.js';
import type { AuditRequest } from '../../src/auth/audit-log.js';
import { anonymousCaller } from '../../src/auth/caller.js';

/**
 * The audit trail is group-committed: disclosures of requests finishing in the same turn go to
 * PostgreSQL as one INSERT, each request still waiting for its own rows to be written.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});
beforeEach(async () => {
  await hub.sql('truncate core.audit_event');
});

const request = (n: number, callerName = `caller-${n}`): AuditRequest => ({
  requestId: `request-${n}`,
  caller: { ...anonymousCaller, id: `caller:${n}`, name: callerName },
  purpose: 'CASE_MANAGEMENT',
  operationName: `Op${n}`,
});
const entries = (personId: string) => [
  { personId, householdId: null, field: 'Person.idNumber' },
  { personId, householdId: null, field: 'Person.name' },
  { personId, householdId: null, field: 'Person.name' }, // an alias repeating a field: recorded once
];

it('writes the rows of requests finishing in the same turn with one INSERT, each with its own request', async () => {
  const write = groupCommitAuditWrites(hub.hub.orm.em);
  const { result, statements } = await hub.countStatements(() => Promise.all([1, 2, 3, 4, 5].map((n) => write(request(n), entries(String(n))))));
  // Each write resolves with its disclosures (person × field), not its rows.
  expect(result).toEqual([2, 2, 2, 2, 2]);
  expect(statements.filter((s) => s.includes('insert into core.audit_event'))).toHaveLength(1);
  const rows = await hub.sql(`select request_id, caller_id, operation_name, person_id::text, fields from core.audit_event order by request_id`);
  expect(rows).toHaveLength(5);
  expect(rows[0]).toEqual({ request_id: 'request-1', caller_id: 'caller:1', operation_name: 'Op1', person_id: '1', fields: ['Person.idNumber', 'Person.name'] });
  // Each row carries its own request's values (they travel once per request), in the order written.
  for (const row of rows) expect([row.request_id, row.caller_id, row.operation_name]).toEqual([`request-${row.person_id}`, `caller:${row.person_id}`, `Op${row.person_id}`]);
  const inOrder = await hub.sql(`select person_id::text, fields from core.audit_event order by id`);
  expect(inOrder.map((r) => `${r.person_id} ${r.fields.join(' ')}`)).toEqual([1, 2, 3, 4, 5].map((n) => `${n} Person.idNumber Person.name`));
});

it('writes one row per subject in the order first disclosed, its fields in the order first disclosed, each once', async () => {
  const write = groupCommitAuditWrites(hub.hub.orm.em);
  const person = (personId: string, field: string) => ({ personId, householdId: null, field });
  const disclosed = await write(request(1), [
    person('7', 'Person.phone'),
    { personId: null, householdId: '3', field: 'Household.address' },
    person('6', 'Person.name'),
    person('7', 'Person.idNumber'),
    person('7', 'Person.phone'),
    person('6', 'Person.name'),
    person('7', 'Person.name'),
    // A department record's field is about its person and household: a subject of its own.
    { personId: '7', householdId: '3', field: 'CustodyAgreement.custodianPhone' },
  ]);
  expect(disclosed).toBe(6);
  const rows = await hub.sql(`select person_id::text, household_id::text, fields, request_id from core.audit_event order by id`);
  expect(rows.map((r) => [r.person_id, r.household_id, r.fields])).toEqual([
    ['7', null, ['Person.phone', 'Person.idNumber', 'Person.name']],
    [null, '3', ['Household.address']],
    ['6', null, ['Person.name']],
    ['7', '3', ['CustodyAgreement.custodianPhone']],
  ]);
  expect(new Set(rows.map((r) => r.request_id))).toEqual(new Set(['request-1']));
});

it('a write arriving while a group is in flight waits for the next group and is written too', async () => {
  const write = groupCommitAuditWrites(hub.hub.orm.em);
  const first = write(request(1), entries('1'));
  await new Promise((r) => setImmediate(r)); // the first group is now on its way
  const second = write(request(2), entries('2'));
  expect(await Promise.all([first, second])).toEqual([2, 2]);
  expect((await hub.sql(`select distinct request_id from core.audit_event order by 1`)).map((r) => r.request_id)).toEqual(['request-1', 'request-2']);
});

it('when the group INSERT fails, each request retries alone: only the one whose rows are refused fails', async () => {
  await hub.sql(`create function core.refuse_marked_audit() returns trigger language plpgsql as $$
    begin if new.caller_name = 'refused' then raise exception 'refused by test'; end if; return new; end $$`);
  await hub.sql(`create trigger refuse_marked before insert on core.audit_event for each row execute function core.refuse_marked_audit()`);
  try {
    const write = groupCommitAuditWrites(hub.hub.orm.em);
    const outcomes = await Promise.allSettled([write(request(1), entries('1')), write(request(2, 'refused'), entries('2')), write(request(3), entries('3'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await hub.sql(`select distinct request_id from core.audit_event order by 1`)).map((r) => r.request_id)).toEqual(['request-1', 'request-3']);
  } finally {
    await hub.sql(`drop trigger refuse_marked on core.audit_event; drop function core.refuse_marked_audit()`);
  }
});

it('cuts an over-long operation name to its column instead of withholding the response', async () => {
  const name = `Q${'x'.repeat(150)}`;
  const res = await hub.query(`query ${name} { person(id: "1") { name } }`, {}, await hub.as('civil-affairs'));
  expect(res.status).toBe(200);
  expect(res.body.data.person.name).toBe('王建国');
  const [row] = await hub.sql(`select operation_name from core.audit_event`);
  expect(row.operation_name).toBe(name.slice(0, 100));
});

it('concurrent HTTP requests each get their own audited answer', async () => {
  const headers = await hub.as('civil-affairs');
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => hub.query(`query R${i} { person(id: "${(i % 3) + 1}") { idNumber } }`, {}, headers)));
  expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
  const rows = await hub.sql(`select operation_name, person_id::text from core.audit_event order by operation_name`);
  expect(new Set(rows.map((r) => r.operation_name)).size).toBe(12);
  for (const r of rows) expect(r.person_id).toBe(String((Number(r.operation_name.slice(1)) % 3) + 1));
});
