/**
 * `npx tsx bench/subgraph-floor.ts` (issue #28): how far a subgraph fetch is from the floor of any
 * Node subgraph. Loads the same `_entities` fetch (Q1's education part for one household's persons)
 * on the education subgraph as `npm run start:federated` runs it (lean handler, compiled read,
 * signed trust, access check, audit) and on a bare node:http + pg server
 * (bench/support/bare-entity-server.mjs: one prepared statement building the JSON text, written
 * back unparsed — no authentication, GraphQL, access check or audit). Rounds alternate; per round
 * it reads from /proc the server process's CPU and every PostgreSQL process's CPU per fetch.
 * Writes bench/results/subgraph-floor.{json,md}. BENCH_PERSONS (20,000), BENCH_SECONDS (10),
 * BENCH_CONNECTIONS (16), BENCH_ROUNDS (3). Measured, never asserted.
 */
import { runLoadWorker } from './support/load.js';
import { runInfo } from './support/run-info.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { reusableDataset } from './support/reusable-dataset.js';
import { cpuTicks, postgresTicks, machineBusyTicks, CLOCK_TICKS } from './support/process-sampler.js';
import { startSubgraphProcesses, type SubgraphProcesses } from '../src/federation/subgraph-processes.js';
import { INTERNAL_HEADER, signClaims } from '../src/federation/internal-token.js';
import { grantsFor } from '../src/auth/grants.js';

const persons = Number(process.env.BENCH_PERSONS ?? 20_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
type Server = 'subgraph' | 'bare';
const SERVERS: Server[] = ['subgraph', 'bare'];
const BARE_PORT = 4791;

// The answer the subgraph's compiled read builds, written by hand for the bare server.
const BARE_SQL = `select json_build_object('data', json_build_object('_entities', coalesce(json_agg(json_build_object('education', json_build_object(
  'enrolments', (select coalesce(json_agg(json_build_object('stage', e.stage, 'status', e.status, 'leftBehind', e.left_behind) order by e.id), '[]'::json) from education.enrolment e where e.person_id = r.id),
  'teacherPairings', (select coalesce(json_agg(json_build_object('teacherName', t.teacher_name) order by t.id), '[]'::json) from education.teacher_pairing t where t.person_id = r.id))) order by r.ord), '[]'::json)))::text as body
  from unnest($1::bigint[]) with ordinality r(id, ord)`;
const QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { education { enrolments { stage status leftBehind } teacherPairings { teacherName } } } } }`;

const dataset = await reusableDataset(persons);
const admin = new pg.Client({ connectionString: dataset.url });
let subgraph: SubgraphProcesses | null = null;
let bare: ChildProcess | null = null;
try {
  await admin.connect();
  // A household with records in education, as Q1's subject has.
  const { rows } = await admin.query<{ id: string }>(
    `select id::text from core.person where household_id = (select p.household_id from core.person p join education.enrolment e on e.person_id = p.id group by p.household_id having count(distinct p.id) >= 2 order by p.household_id limit 1) order by id`,
  );
  const body = JSON.stringify({ query: QUERY, variables: { r: rows.map((r) => ({ __typename: 'Person', id: r.id })) } });
  const secret = randomBytes(32).toString('hex');
  const caller = { ...grantsFor(['admin']), id: 'bench', name: 'bench', kind: 'system' as const, roles: ['admin'], regionPrefix: null };
  const headers = { [INTERNAL_HEADER]: signClaims(secret, { caller, purpose: 'CASE_MANAGEMENT', requestId: 'bench-subgraph-floor', operationName: 'Q1', audience: 'education', expires: Math.floor(Date.now() / 1000) + 3600 }) };
  subgraph = await startSubgraphProcesses({ names: ['education'], firstPort: 4781, databaseUrl: dataset.url, secret, logger: pino({ level: 'warn' }), env: { LOG_LEVEL: 'warn', NODE_ENV: 'production', CAREGRAPH_SUBGRAPH_POOL_MAX: '5' } });
  bare = spawn(process.execPath, [path.resolve('bench/support/bare-entity-server.mjs'), String(BARE_PORT), dataset.url, BARE_SQL, '5'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    bare!.stdout!.once('data', () => resolve());
    bare!.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
  });
  const urls: Record<Server, string> = { subgraph: subgraph.urls.education!, bare: `http://127.0.0.1:${BARE_PORT}/graphql` };
  const pids: Record<Server, number> = { subgraph: subgraph.pids.education!, bare: bare.pid! };
  const answers = await Promise.all(SERVERS.map(async (s) => (await fetch(urls[s], { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).text()));
  if (answers.some((a) => a.includes('"errors"'))) throw new Error(`errors in an answer: ${answers.join('\n').slice(0, 800)}`);
  console.log(`answers: subgraph ${answers[0]!.length} bytes, bare ${answers[1]!.length} bytes (${rows.length} persons)`);

  const load = (server: Server, secs: number) => runLoadWorker({ url: urls[server], body, headers, connections, seconds: secs });
  const perFetch = (ticks: number, completed: number) => (completed ? Number((((ticks / CLOCK_TICKS) * 1000) / completed).toFixed(3)) : null);
  const runs: Record<Server, any[]> = { subgraph: [], bare: [] };
  for (const s of SERVERS) await load(s, 3); // warm-up: JIT, pools, prepared statements
  for (let round = 1; round <= rounds; round++) {
    for (const s of SERVERS) {
      const [server0, pg0, machine0] = [cpuTicks(pids[s]), postgresTicks(), machineBusyTicks()];
      const r = await load(s, seconds);
      const m = { ...r, serverCpuMsPerFetch: perFetch(cpuTicks(pids[s]) - server0, r.completed), postgresCpuMsPerFetch: perFetch(postgresTicks() - pg0, r.completed), machineCpuMsPerFetch: perFetch(machineBusyTicks() - machine0, r.completed) };
      runs[s].push(m);
      console.log(`${s.padEnd(8)} round ${round}/${rounds}: ${String(r.requestsPerSecond).padStart(8)} fetch/s  p50 ${r.latencyMs.p50} ms  server CPU ${m.serverCpuMsPerFetch} ms/fetch  postgres ${m.postgresCpuMsPerFetch} ms/fetch  machine ${m.machineCpuMsPerFetch} ms/fetch  errors ${r.errors + r.non2xx}  load ${os.loadavg()[0]!.toFixed(1)}`);
    }
  }
  const median = (list: any[], key: string) => [...list].sort((a, b) => a[key] - b[key])[Math.floor((list.length - 1) / 2)][key];
  const keys = ['requestsPerSecond', 'serverCpuMsPerFetch', 'postgresCpuMsPerFetch', 'machineCpuMsPerFetch'];
  const results = Object.fromEntries(SERVERS.map((s) => [s, { ...Object.fromEntries(keys.map((k) => [k, median(runs[s], k)])), rounds: runs[s] }])) as unknown as Record<Server, Record<string, any>>;
  const out = {
    ...runInfo('subgraph-fetch-vs-bare-floor'),
    settings: { persons, seconds, connections, rounds, personsPerFetch: rows.length },
    results,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/subgraph-floor.json', `${JSON.stringify(out, null, 2)}\n`);
  const line = (s: Server, label: string) => `| ${label} | ${results[s]!.requestsPerSecond} | ${results[s]!.serverCpuMsPerFetch} | ${results[s]!.postgresCpuMsPerFetch} | ${results[s]!.machineCpuMsPerFetch} | ${runs[s].map((m) => m.serverCpuMsPerFetch).join(' / ')} |`;
  fs.writeFileSync(
    'bench/results/subgraph-floor.md',
    `# A subgraph fetch against the bare floor (${out.date.slice(0, 16)}Z, ${out.commit})

${persons.toLocaleString('en')} persons; ${out.machine.cpus} × ${out.machine.cpuModel}, load at the end ${out.machine.loadAverage.join(' / ')}. One \`_entities\` fetch (education, ${rows.length} persons of one household), ${connections} connections, ${rounds} alternating round(s) of ${seconds} s; medians of the rounds.

| server | fetches/s | server CPU ms/fetch | PostgreSQL CPU ms/fetch | machine CPU ms/fetch | server CPU, every round |
|---|---|---|---|---|---|
${line('subgraph', 'education subgraph (lean handler, compiled read, signed trust, audit)')}
${line('bare', 'bare node:http + pg, one statement, JSON text passed through')}
`,
  );
  console.log('wrote bench/results/subgraph-floor.md and .json');
} finally {
  bare?.kill('SIGTERM');
  await subgraph?.stop().catch(() => {});
  await admin.end().catch(() => {});
  await dataset.stop();
}
process.exit(0);
