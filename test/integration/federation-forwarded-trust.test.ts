import pino from 'pino';
import { departments } from '../../src/departments/registry.js';
import { createSubgraphHub, type SubgraphHub } from '../../src/federation/subgraph-hub.js';
import { INTERNAL_HEADER, signClaims } from '../../src/federation/internal-token.js';
import { grantsFor } from '../../src/auth/grants.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * A subgraph in forwarded trust mode (behind a standard router) over real HTTP and PostgreSQL:
 * it authenticates the client's own credential, refuses what the monolith refuses, ignores the
 * Hive gateway's signed header, and records a disclosure once per client request id however
 * many fetches of that request reach it.
 */
let monolith: TestHub;
let core: SubgraphHub;
let coreUrl: string;
beforeAll(async () => {
  monolith = await startTestHub({ fixture: loadCountyFixture });
  core = await createSubgraphHub({ url: monolith.dbUrl, subgraph: 'core', departments, logger: pino({ level: 'silent' }), secret: '', poolMax: 2, trust: 'forwarded', jwt: null });
  coreUrl = `${await core.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
}, 120_000);
afterAll(async () => {
  await core?.close();
  await monolith?.close();
});

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name idNumber } } }`;
const post = (headers: Record<string, string>, query = ENTITIES, variables: Record<string, unknown> = { r: [{ __typename: 'Person', id: '1' }] }) =>
  fetch(coreUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) }).then(async (r) => ({ status: r.status, body: await r.json() }));

it('refuses a request without credentials, with an unknown key, or with only a (validly signed) gateway header', async () => {
  const signed = signClaims('a-secret-the-subgraph-does-not-have-at-all-0123', {
    caller: { ...grantsFor(['admin']), id: 'caller:x', name: 'x', kind: 'system', roles: ['admin'], regionPrefix: null },
    purpose: 'CASE_MANAGEMENT',
    requestId: 'r',
    operationName: null,
    audience: 'core',
    expires: Math.floor(Date.now() / 1000) + 30,
  });
  for (const headers of [{}, { authorization: 'Bearer cg_abcdefgh_0123456789abcdef0123456789abcdef' }, { authorization: 'Basic abc' }, { [INTERNAL_HEADER]: signed }] as Array<Record<string, string>>) {
    const res = await post(headers);
    expect({ headers: Object.keys(headers), data: res.body.data ?? null, codes: res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code) }).toEqual({
      headers: Object.keys(headers),
      data: null,
      codes: ['UNAUTHENTICATED'],
    });
  }
  // What the monolith answers anyone (@public fields) a subgraph answers anyone too: the same permission model.
  const regions = await post({}, `{ regions(parentCode: "410823000000") { code } }`, {});
  expect(regions.body.errors).toBeUndefined();
});

it("answers the client's own API key with that caller's rights, masking and purpose rules", async () => {
  const admin = await post({ ...(await monolith.as('admin')), 'x-request-id': 'fw-admin' });
  expect(admin.body.data._entities[0].idNumber).toMatch(/^\d{17}[\dX]$/);
  const noPurpose = await post(await monolith.as('civil-affairs', { purpose: null }).then((h) => ({ authorization: h.authorization! })));
  expect(noPurpose.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toContain('PURPOSE_REQUIRED');
  const auditor = await post(await monolith.as('auditor', { purpose: 'AUDIT' }));
  expect(auditor.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
});

it('holds the caller\'s query limits itself (no gateway measured the operation)', async () => {
  const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: person(id: "1") { id }`).join(' ')} }`;
  const res = await post(await monolith.as('admin'), aliases, {});
  expect(res.status).toBe(200); // application/json: a standard router reads a 4xx as a failed fetch and drops the code
  expect(res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
});

it('records a disclosure once per client request id over several fetches, once per fetch without one, and never across callers', async () => {
  const admin = await monolith.as('admin');
  const rowsFor = (requestId: string) =>
    monolith.sql<{ caller_id: string; field: string }>(`select caller_id, unnest(fields) as field from core.audit_event where request_id = $1 and person_id = 1`, [requestId]);
  const requestId = `fw-once-${Date.now()}`;
  // Three fetches of one client request (as a router fetches at several plan depths), two of them at once.
  await post({ ...admin, 'x-request-id': requestId });
  await Promise.all([post({ ...admin, 'x-request-id': requestId }), post({ ...admin, 'x-request-id': requestId })]);
  const once = await rowsFor(requestId);
  expect(once.map((r) => r.field).sort()).toEqual(['Person.idNumber', 'Person.name']);
  // Another caller naming the same request id is recorded under its own name: it cannot erase anyone's trail.
  const other = await monolith.as('civil-affairs');
  await post({ ...other, 'x-request-id': requestId });
  const both = await rowsFor(requestId);
  expect(new Set(both.map((r) => r.caller_id)).size).toBe(2);
  expect(both).toHaveLength(4);
  // No request id (and no trace context): each fetch is a request of its own, audited on its own.
  const before = (await monolith.sql<{ n: string }>(`select count(*)::text as n from core.audit_event where person_id = 1`))[0]!.n;
  await post(admin);
  await post(admin);
  const after = (await monolith.sql<{ n: string }>(`select count(*)::text as n from core.audit_event where person_id = 1`))[0]!.n;
  expect(Number(after) - Number(before)).toBe(2);
  // A traceparent's trace id names the client request when no x-request-id is forwarded.
  const trace = `00-${'4bf92f3577b34da6a3ce929d0e0e4736'}-00f067aa0ba902b7-01`;
  await post({ ...admin, traceparent: trace });
  await post({ ...admin, traceparent: trace.replace('00f067aa0ba902b7', '00f067aa0ba902b8') });
  expect(await rowsFor('trace:4bf92f3577b34da6a3ce929d0e0e4736')).toHaveLength(2);
});

it("answers concurrent entity fetches of one client request from one statement, each its own list, audited in one write", async () => {
  const admin = await monolith.as('admin');
  const reps = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'Person', id })) });
  // As a router fetches a person and, at the next plan depth, the household's members (the person among them again).
  const sets = [['1'], ['2', '1', '3', '1'], ['999999999']];
  const alone = await Promise.all(sets.map((ids, i) => post({ ...admin, 'x-request-id': `fw-alone-${Date.now()}-${i}` }, ENTITIES, reps(ids))));
  const reads: string[] = [];
  const knex = core.orm.em.getConnection().getKnex();
  const listener = (q: { sql: string }) => q.sql.includes("'_entities'") && reads.push(q.sql);
  knex.on('query', listener);
  const requestId = `fw-batch-${Date.now()}`;
  let together;
  try {
    together = await Promise.all(sets.map((ids) => post({ ...admin, 'x-request-id': requestId }, ENTITIES, reps(ids))));
  } finally {
    knex.off('query', listener);
  }
  expect(together).toEqual(alone);
  expect(together[1]!.body.data._entities.map((p: { id: string }) => p.id)).toEqual(['2', '1', '3', '1']);
  expect(together[2]!.body.data._entities).toEqual([null]);
  // One statement for the three fetches (they reached the subgraph in one turn of its event loop), or at most one each.
  expect(reads.length).toBeGreaterThanOrEqual(1);
  expect(reads.length).toBeLessThanOrEqual(sets.length);
  const audited = await monolith.sql<{ person_id: string; fields: string[] }>(`select person_id::text, fields from core.audit_event where request_id = $1 order by person_id`, [requestId]);
  expect(audited.map((r) => r.person_id)).toEqual(['1', '2', '3']);
  // Another request id, or the same one after its statement finished, is never answered from another statement.
  const later = await post({ ...admin, 'x-request-id': requestId }, ENTITIES, reps(['3']));
  expect(later).toEqual(await post({ ...admin, 'x-request-id': `fw-alone-${Date.now()}-x` }, ENTITIES, reps(['3'])));
});
