import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';
import { groupCommitAuditWrites } from '../../src/auth/audit-group-commit.js';
import type { AuditRequest } from '../../src/auth/audit-log.js';
import type { Caller } from '../../src/auth/caller.js';
import { DEFAULT_LIMITS } from '../../src/auth/policy.js';

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

const caller: Caller = {
  id: 'caller:1', name: 'civil-affairs@all', kind: 'system', roles: ['civil-affairs'], scopes: new Set(), purposes: new Set(), regionPrefix: null, limits: DEFAULT_LIMITS,
};
const request = (requestId: string, operationName: string | null = 'Lookup'): AuditRequest => ({ requestId, caller, purpose: 'CASE_MANAGEMENT', operationName });
const entries = (personId: string) => [
  { personId, householdId: null, field: 'Person.idNumber' },
  { personId, householdId: null, field: 'Person.idNumber' },
  { personId, householdId: null, field: 'Person.name' },
];
const stored = () => hub.sql(`select request_id, person_id::text, field, operation_name from core.audit_event order by request_id, field`);

it('writes the disclosures of requests finishing in the same turn with one INSERT, each request awaiting its own rows', async () => {
  const write = groupCommitAuditWrites(hub.hub.orm.em);
  const { result, statements } = await hub.countStatements(() => Promise.all([write(request('r1'), entries('1')), write(request('r2'), entries('2')), write(request('r3'), entries('3'))]));
  expect(result).toEqual([2, 2, 2]);
  expect(statements.filter((s) => s.startsWith('insert into core.audit_event'))).toHaveLength(1);
  expect((await stored()).map((r) => [r.request_id, r.person_id, r.field])).toEqual([
    ['r1', '1', 'Person.idNumber'], ['r1', '1', 'Person.name'],
    ['r2', '2', 'Person.idNumber'], ['r2', '2', 'Person.name'],
    ['r3', '3', 'Person.idNumber'], ['r3', '3', 'Person.name'],
  ]);
});

it('when the group INSERT fails, retries each request alone: only the request with the bad row is refused', async () => {
  const write = groupCommitAuditWrites(hub.hub.orm.em);
  // operation_name is varchar(100): this request's rows cannot be stored.
  const results = await Promise.allSettled([write(request('ok1'), entries('1')), write(request('bad', 'x'.repeat(101)), entries('2')), write(request('ok2'), entries('3'))]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect([...new Set((await stored()).map((r) => r.request_id))]).toEqual(['ok1', 'ok2']);
});

it('writes nothing and resolves 0 for a request without disclosures', async () => {
  const write = groupCommitAuditWrites(hub.hub.orm.em);
  const { result, statements } = await hub.countStatements(() => write(request('none'), []));
  expect(result).toBe(0);
  expect(statements).toHaveLength(0);
});
