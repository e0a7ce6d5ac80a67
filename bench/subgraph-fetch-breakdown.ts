/**
 * `npx tsx bench/subgraph-fetch-breakdown.ts` (issue #28): where one `_entities` fetch's CPU goes
 * inside a subgraph, without a router or another process in the way. Builds SUBGRAPH (default
 * health) in this process in forwarded trust mode on the reusable dataset (BENCH_PERSONS, default
 * 20,000), then sends it Q1's two fetches as Grafbase sends them (the person; the household's
 * members) through Fastify's `inject` (routing, body parsing and the handler run; no socket),
 * FETCHES in pairs, the two of a pair at once (as a router sends them; FETCH_PAIR_SERIAL=1 one
 * after the other), each pair under its own x-request-id (FETCH_SAME_REQUEST=0: one each). Prints the process's CPU
 * per fetch (process.cpuUsage, which includes the inject client: a few µs) and, with
 * PROFILE_CPU=1, the top self time of the timed window (node:inspector).
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import pg from 'pg';
import pino from 'pino';
import { reusableDataset } from './support/reusable-dataset.js';
import { pickComparisonSubjects } from './support/subjects.js';
import { createCaller } from '../src/auth/api-keys.js';
import { departments } from '../src/departments/registry.js';
import { createSubgraphHub } from '../src/federation/subgraph-hub.js';

const persons = Number(process.env.BENCH_PERSONS ?? 20_000);
const subgraph = process.env.SUBGRAPH ?? 'health';
const fetches = Number(process.env.FETCHES ?? 4000);
const profile = process.env.PROFILE_CPU === '1';
const SELECTIONS: Record<string, string> = {
  'civil-affairs': 'civilAffairs { enrolments { id program status monthlyAmount } careTargets { id keyGuardianship } custodyAgreements { id signedDate } }',
  disability: 'disability { certificates { id grade certificateNumber validUntil } rehabServices { id status } subsidies { id kind monthlyAmount } }',
  education: 'education { enrolments { id stage status leftBehind } teacherPairings { id teacherName } }',
  'womens-federation': 'womensFederation { leftBehindRecords { id needs } supportCases { id kind status } }',
  health: 'health { familyDoctorContracts { id validUntil } conditions { id icd10Code name } medicalExpenses { id year outOfPocket } }',
};

const CORE_Q1 = 'query($idNumber: String!) { personByIdNumber(idNumber: $idNumber) { id idNumber name birthDate phone household { id householdNumber monitoringStatus members { id idNumber name relationToHead } } } }';

const dataset = await reusableDataset(persons);
const admin = new pg.Client({ connectionString: dataset.url });
await admin.connect();
process.env.CAREGRAPH_SUBGRAPH_TRUST = 'forwarded';
const hub = await createSubgraphHub({ url: dataset.url, subgraph, departments, logger: pino({ level: 'warn' }), secret: '', trust: 'forwarded', jwt: null, poolMax: 5 });
try {
  const { q1IdNumber } = await pickComparisonSubjects(admin);
  const key = (await createCaller(hub.orm.em.fork(), { name: `fetch-breakdown-${Date.now()}`, roles: departments.map((d) => d.code) })).key;
  const subject = (await admin.query<{ id: string; household_id: string }>(`select id::text, household_id::text from core.person where id = (select min(id) from core.person where household_id = (select household_id from core.person p2 where p2.id = (select id from core.person where household_id is not null order by id limit 1)))`)).rows[0]!;
  const members = (await admin.query<{ id: string }>(`select id::text from core.person where household_id = $1 order by id`, [subject.household_id])).rows.map((r) => r.id);
  const query = `query($var0: [_Any!]!) { _entities(representations: $var0) { ... on Person { ${SELECTIONS[subgraph]} } } }`;
  // Core answers Q1's root read (once per Q1; sent twice here, under one request id); a department the two entity fetches.
  const bodies =
    subgraph === 'core'
      ? [0, 1].map(() => JSON.stringify({ query: CORE_Q1, variables: { idNumber: q1IdNumber } }))
      : [[subject.id], members].map((ids) => JSON.stringify({ query, variables: { var0: ids.map((id) => ({ __typename: 'Person', id })) } }));
  let n = 0;
  const send = async (body: string, requestId: string) => {
    const res = await hub.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-purpose': 'CASE_MANAGEMENT', 'x-request-id': requestId }, payload: body });
    if (res.statusCode !== 200 || res.body.includes('"errors"')) throw new Error(res.body.slice(0, 400));
  };
  const pairs = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const id = `breakdown-${n++}`;
      // At once, as a router sends them (FETCH_PAIR_SERIAL=1: one after the other).
      const second = process.env.FETCH_SAME_REQUEST === '0' ? `${id}-b` : id;
      if (process.env.FETCH_PAIR_SERIAL === '1') {
        await send(bodies[0]!, id);
        await send(bodies[1]!, second);
      } else await Promise.all([send(bodies[0]!, id), send(bodies[1]!, second)]);
    }
  };
  await pairs(300);
  const session = new inspector.Session();
  if (profile) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await pairs(fetches / 2);
  const used = process.cpuUsage(cpu);
  const elapsed = performance.now() - wall;
  console.log(`${subgraph}: ${fetches} fetches (${members.length}-person household), ${((used.user + used.system) / 1000 / fetches).toFixed(3)} ms CPU/fetch (user ${(used.user / 1000 / fetches).toFixed(3)}, system ${(used.system / 1000 / fetches).toFixed(3)}), ${(elapsed / fetches).toFixed(3)} ms wall/fetch`);
  if (profile) {
    const { profile: prof } = (await session.post('Profiler.stop')) as { profile: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>; samples: number[]; timeDeltas: number[] } };
    fs.writeFileSync(`/tmp/subgraph-fetch-${subgraph}.cpuprofile`, JSON.stringify(prof));
    const byId = new Map(prof.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of prof.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
    const self = new Map<string, number>();
    const inclusive = new Map<string, number>();
    const byPackage = new Map<string, number>();
    let total = 0;
    const name = (id: number) => {
      const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
      return `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '')}:${lineNumber}`;
    };
    prof.samples.forEach((id, i) => {
      const dt = prof.timeDeltas[i] ?? 0;
      total += dt;
      self.set(name(id), (self.get(name(id)) ?? 0) + dt);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const k = name(at);
        if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
        seen.add(k);
      }
      const url = byId.get(id)!.callFrame.url;
      const pkg = url.includes('node_modules/') ? url.replace(/^.*node_modules\//, '').split('/').slice(0, url.includes('node_modules/@') ? 2 : 1).join('/') : url.startsWith('node:') ? url : url ? url.replace(/^file:\/\/\/work\/main\//, '') : byId.get(id)!.callFrame.functionName;
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
    });
    const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([label, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${(v / fetches).toFixed(1).padStart(6)} µs/fetch  ${label}`).join('\n');
    console.log(`profile: ${(total / 1e6).toFixed(2)} s\n${top(byPackage, 25)}\n-- self\n${top(self, 35)}\n-- inclusive (src/ only)\n${top(new Map([...inclusive].filter(([k]) => k.includes('src/'))), 40)}`);
  }
} finally {
  await hub.close();
  await admin.end();
  await dataset.stop();
}
process.exit(0);
