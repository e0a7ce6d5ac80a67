import net from 'node:net';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import { anonymousCaller } from '../../src/auth/caller.js';
import { grantsFor } from '../../src/auth/grants.js';
import { INTERNAL_HEADER, signClaims } from '../../src/federation/internal-token.js';
import pino from 'pino';
import { SUBGRAPH_UNAVAILABLE } from '../../src/federation/subgraph-unavailable.js';
import { startSubgraphProcesses } from '../../src/federation/subgraph-processes.js';
import { startFederatedTestHub, type FederatedTestHub } from '../support/federation-hub.js';
import { bothWays } from '../support/federation-equivalence.js';
import { DEPARTMENT_PROFILES, HRSS_PROFILE, fullGraphQuery } from '../support/full-graph-query.js';
import { openIdNumber } from '../support/field-values.js';

/**
 * The federated hub on a generated county: the README's example queries answer as the monolith
 * does, a page of 50 full person graphs costs the subgraphs no more SQL than a page of 5, a
 * subgraph refuses whatever does not come from the gateway, and a department whose subgraph is
 * down leaves its fields null with SUBGRAPH_UNAVAILABLE while the rest of the answer stands.
 */
let fed: FederatedTestHub;
let householdId: string;
let idNumber: string;
beforeAll(async () => {
  fed = await startFederatedTestHub({ fixture: (client) => seedDemoData(client, { persons: 600, county: '410823', seed: 7 }).then(() => undefined) });
  // The README's household 4407 is in the 20,000-person demo county: here, the largest household of the generated one.
  const [row] = await fed.monolith.sql<{ id: string; id_number: string }>(
    `select h.id::text, p.id_number from core.household h join core.person p on p.household_id = h.id
      group by h.id, p.id_number order by (select count(*) from core.person m where m.household_id = h.id) desc, h.id limit 1`,
  );
  householdId = row!.id;
  idNumber = openIdNumber(row!.id_number);
}, 180_000);
afterAll(async () => {
  await fed?.close();
});

const HOUSEHOLD = (id: string) => `{
  household(id: "${id}") {
    householdNumber monitoringStatus registeredPoor
    region { name parent { name } }
    head { name }
    finance { year income rigidExpenditure }
    members {
      name relationToHead age
      civilAffairs { enrolments { program status monthlyAmount } careTargets { category } }
      disability { certificates { category grade } rehabServices { status } subsidies { kind } }
      education { enrolments { stage status leftBehind } teacherPairings { teacherName } }
      womensFederation { supportCases { kind status } }
      health { familyDoctorContracts { validUntil } conditions { icd10Code name } medicalExpenses { year outOfPocket } }
    }
  }
}`;

const README_QUERIES: Array<[string, () => string]> = [
  ['a household in full', () => HOUSEHOLD(householdId)],
  [
    'severely disabled people on 低保 without rehabilitation in one township',
    () => `{
      persons(filter: { regionCode: "410823101", civilAffairs: { assistanceProgram: [DIBAO], assistanceStatus: [ACTIVE] }, disability: { grade: [1, 2], hasRehabService: false } }, first: 20) {
        totalCount pageInfo { hasNextPage endCursor }
        nodes { name age household { householdNumber region { name } } disability { certificates { category grade } } }
      }
    }`,
  ],
  [
    'left-behind children without a pairing or high out-of-pocket costs, beside the townships',
    () => `{
      persons(filter: { or: [{ education: { leftBehind: true, paired: false } }, { health: { outOfPocketAbove: "20000", year: 2025 } }] }) { totalCount nodes { name age } }
      regions(parentCode: "410823") { code name }
    }`,
  ],
  ['a look-up by ID number in another accepted form', () => `{ personByIdNumber(idNumber: "${idNumber.slice(0, 6)} ${idNumber.slice(6, 14)} ${idNumber.slice(14).toLowerCase()}") { name gender birthDate household { id householdNumber } } }`],
];

it.each(README_QUERIES)('the README example "%s" answers the same through the gateway', async (_label, query) => {
  for (const role of ['admin', 'leading-group-office', 'education']) {
    const headers = await fed.monolith.as(role, { purpose: role === 'leading-group-office' ? 'STATISTICS' : 'CASE_MANAGEMENT' });
    const { monolith, gateway } = await bothWays(fed, query(), {}, headers);
    expect(gateway).toEqual(monolith);
    if (role === 'admin') expect(monolith.errors).toEqual([]);
  }
});

const profiles = DEPARTMENT_PROFILES + HRSS_PROFILE;
const FULL_GRAPH = fullGraphQuery(profiles);

it('a page of 50 full person graphs through the gateway costs the subgraphs no more statements than a page of 5', async () => {
  const headers = await fed.monolith.as('admin');
  await fed.gatewayQuery('{ __typename }', {}, headers); // the key is verified and remembered before counting
  const count = async (first: number) => {
    const { result, statements } = await fed.countSubgraphStatements(() => fed.gatewayQuery(FULL_GRAPH, { first }, headers));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.persons.nodes).toHaveLength(first);
    // An audit write (docs/security.md), made by each subgraph that disclosed something, is usually
    // one statement: the insert guarded by the head the subgraph last wrote. Its first write, or one
    // after another process moved that head, takes a head under a row lock and inserts after it.
    // Which subgraphs disclose depends on the page's records (a paired teacher's name, a
    // condition), not on its size, so the writes are counted apart from the reads.
    const chainHeads = statements.filter((s) => s.includes('core.audit_chain_take'));
    const auditInserts = statements.filter((s) => s.includes('insert into core.audit_event'));
    const guarded = auditInserts.filter((s) => s.includes('for update skip locked'));
    expect(auditInserts.length - guarded.length).toBe(chainHeads.length);
    expect(chainHeads.length).toBeLessThanOrEqual(Object.keys(fed.subgraphUrls).length);
    expect(guarded.length).toBeLessThanOrEqual(Object.keys(fed.subgraphUrls).length);
    const reads = statements.filter((s) => !chainHeads.includes(s) && !auditInserts.includes(s));
    return { statements: reads, data: result.body.data };
  };
  const small = await count(5);
  const large = await count(50);
  expect(large.statements.length).toBeLessThanOrEqual(small.statements.length);
  // Batched per subgraph and record kind: a fixed number, whatever the page size.
  expect(large.statements.length).toBeLessThanOrEqual(30);
  const members = large.data.persons.nodes.flatMap((p: { household: { members: unknown[] } }) => p.household?.members ?? []);
  expect(members.length).toBeGreaterThan(50);
  // And the same graph the monolith gives.
  expect((await fed.monolith.query(FULL_GRAPH, { first: 50 }, headers)).body).toEqual((await fed.gatewayQuery(FULL_GRAPH, { first: 50 }, headers)).body);
});

describe('a subgraph answers the gateway only', () => {
  const query = JSON.stringify({ query: `{ _entities(representations: [{ __typename: "Person", id: "1" }]) { ... on Person { id name idNumber } } }` });
  const admin = () => ({ ...grantsFor(['admin']), id: 'caller:x', name: 'x', kind: 'system' as const, roles: ['admin'], regionPrefix: null });
  const token = (over: Partial<Parameters<typeof signClaims>[1]> = {}, secret = fed.secret) =>
    signClaims(secret, { caller: admin(), purpose: 'CASE_MANAGEMENT', requestId: 'r', operationName: null, audience: 'core', expires: Math.floor(Date.now() / 1000) + 30, ...over });
  const post = (headers: Record<string, string>) =>
    fetch(fed.subgraphUrls.core!, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: query }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it('refuses a request without the gateway header, even with a valid API key', async () => {
    const res = await post((await fed.monolith.as('admin')) as Record<string, string>);
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.body.data).toBeUndefined();
  });

  it.each([
    ['signed with another secret', () => token({}, 'not-the-shared-secret-not-the-shared-secret')],
    ['expired', () => token({ expires: Math.floor(Date.now() / 1000) - 1 })],
    ['addressed to another subgraph', () => token({ audience: 'health' })],
    ['tampered with', () => token().replace(/^[A-Za-z0-9_-]{4}/, 'AAAA')],
  ])('refuses a gateway header %s', async (_label, make) => {
    const res = await post({ [INTERNAL_HEADER]: make() });
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('answers a valid gateway header, with the caller it names', async () => {
    const full = await post({ [INTERNAL_HEADER]: token() });
    expect(full.body.data._entities[0].idNumber).toMatch(/^\d{17}[\dX]$/);
    const anonymous = await post({ [INTERNAL_HEADER]: token({ caller: anonymousCaller }) });
    expect(anonymous.status).toBe(401); // anonymous callers reach @public fields only, here as in the monolith
  });

  it("holds the entity type's @requiresScopes on _entities: a caller without person:read gets the coded denial", async () => {
    const auditor = { ...grantsFor(['auditor']), id: 'caller:a', name: 'a', kind: 'system' as const, roles: ['auditor'], regionPrefix: null };
    const res = await post({ [INTERNAL_HEADER]: token({ caller: auditor, purpose: 'AUDIT' }) });
    // @apollo/subgraph resolves the batch together: one denied reference fails the (non-null) list.
    expect(res.body.data).toBeNull();
    expect(res.body.errors.map((e: { path: unknown; extensions: { code: string } }) => [e.path, e.extensions.code])).toEqual([[['_entities'], 'UNAUTHORIZED_FIELD_OR_TYPE']]);
  });
});

describe('a department subgraph goes down and comes back', () => {
  const query = `{ household(id: "HID") { householdNumber members { name education { enrolments { status } } health { conditions { icd10Code } } } } }`;
  afterAll(async () => {
    if (!(await fetch(fed.subgraphUrls.education!.replace('/graphql', '/healthz')).catch(() => null))) await fed.startSubgraph('education');
  });

  it('gives that department null with SUBGRAPH_UNAVAILABLE at each of its paths, the rest intact; restarted, full answers', async () => {
    const q = query.replace('HID', householdId);
    const before = await fed.gatewayQuery(q);
    expect(before.body.errors).toBeUndefined();
    const members = before.body.data.household.members as Array<Record<string, unknown>>;
    expect(members.length).toBeGreaterThan(1);

    await fed.stopSubgraph('education');
    const health = await fetch(`${fed.gatewayUrl}/healthz`);
    expect(health.status).toBe(503);
    const report = await health.json();
    expect(report.subgraphs.education.status).toBe('down');
    expect(report.subgraphs.core.status).toBe('up');

    const during = await fed.gatewayQuery(q);
    expect(during.status).toBe(200);
    expect(during.body.data.household.householdNumber).toBe(before.body.data.household.householdNumber);
    (during.body.data.household.members as Array<Record<string, unknown>>).forEach((m, i) => {
      expect(m.education).toBeNull();
      expect(m.name).toBe(members[i]!.name);
      expect(m.health).toEqual(members[i]!.health);
    });
    expect((during.body.errors ?? []).map((e) => [e.extensions?.code, e.path])).toEqual(
      members.map((_m, i) => [SUBGRAPH_UNAVAILABLE, ['household', 'members', i, 'education']]),
    );

    await fed.startSubgraph('education');
    expect((await fetch(`${fed.gatewayUrl}/healthz`)).status).toBe(200);
    const after = await fed.gatewayQuery(q);
    expect(after.body).toEqual(before.body);
  });

  it('survives its process being killed (SIGKILL) mid-run: partial answers, then whole again once a new process serves the port', async () => {
    const q = query.replace('HID', householdId);
    const port = Number(new URL(fed.subgraphUrls.education!).port);
    const education = () => startSubgraphProcesses({ names: ['education'], firstPort: port, databaseUrl: fed.monolith.dbUrl, secret: fed.secret, logger: pino({ level: 'silent' }), env: { LOG_LEVEL: 'silent' } });
    await fed.stopSubgraph('education'); // the in-process one makes way for a real process on its port
    const first = await education();
    const whole = await fed.gatewayQuery(q);
    expect(whole.body.errors).toBeUndefined();
    process.kill(first.pids.education!, 'SIGKILL');
    await first.stop(); // resolves once the killed process has exited
    const partial = await fed.gatewayQuery(q);
    expect(partial.body.data.household.householdNumber).toBe(whole.body.data.household.householdNumber);
    expect(partial.body.data.household.members.map((m: { education: unknown }) => m.education)).toEqual(whole.body.data.household.members.map(() => null));
    expect(new Set((partial.body.errors ?? []).map((e) => e.extensions?.code))).toEqual(new Set([SUBGRAPH_UNAVAILABLE]));
    const second = await education();
    try {
      expect((await fed.gatewayQuery(q)).body).toEqual(whole.body);
    } finally {
      await second.stop();
      await fed.startSubgraph('education');
    }
  }, 120_000);

  it('gives a subgraph that accepts but never answers SUBGRAPH_UNAVAILABLE after the timeout, the rest intact', async () => {
    const q = query.replace('HID', householdId);
    await fed.stopSubgraph('education');
    const silent: net.Socket[] = [];
    const hung = net.createServer((socket) => void silent.push(socket)); // reads the request, never answers
    await new Promise<void>((resolve) => hung.listen(Number(new URL(fed.subgraphUrls.education!).port), '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const res = await fed.gatewayQuery(q);
      expect(Date.now() - started).toBeGreaterThanOrEqual(fed.subgraphTimeoutMs - 100);
      expect(res.status).toBe(200);
      expect(res.body.data.household.members.every((m: { education: unknown; name: unknown }) => m.education === null && m.name != null)).toBe(true);
      expect(new Set((res.body.errors ?? []).map((e) => e.extensions?.code))).toEqual(new Set([SUBGRAPH_UNAVAILABLE]));
    } finally {
      silent.forEach((s) => s.destroy());
      await new Promise((resolve) => hung.close(resolve));
      await fed.startSubgraph('education');
    }
    expect((await fed.gatewayQuery(q)).body.errors).toBeUndefined();
  });
});
