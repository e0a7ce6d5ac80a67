/**
 * `npm run bench` (issue #7): CareGraph vs PostGraphile v5 vs a raw-SQL ceiling on one
 * BENCH_PERSONS-person dataset (default 1,000,000; built once with the demo generator + COPY and
 * reused from bench/.data). Three server processes on one embedded PostgreSQL; before timing,
 * their answers to Q1–Q3 must be equivalent (see support/equivalence.ts) or the run fails. Then,
 * per query and server: autocannon warm-up, a fixed-duration run at fixed concurrency (from its
 * own process), server CPU and peak RSS from /proc, SQL statements per request from
 * pg_stat_statements. Optional sub-benchmarks (intake, monitoring) run when their script exists.
 * Writes bench/results/<date>.json and .md.
 */
import { runLoadWorker } from './support/load.js';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { reusableDataset } from './support/reusable-dataset.js';
import { enableStatementCounting, StatementCounter } from './support/statement-counter.js';
import { CAREGRAPH_NODE_ARGS, NODE_GC_ARGS, PEER_REPORT_SESSION_OPTIONS, PEER_SESSION_OPTIONS, startServer, type ServerProcess } from './support/server-process.js';
import { sampleProcess, type ProcessUsage } from './support/process-sampler.js';
import { CAREGRAPH, POSTGRAPHILE, POSTGRAPHILE_SETUP_SQL, Q3_INPUT, q2Filter } from './support/comparison-queries.js';
import { canonical } from './support/equivalence.js';
import { pickComparisonSubjects } from './support/subjects.js';
import { OPTIONAL_SUB_BENCHMARKS, runSubBenchmarks } from './support/sub-benchmarks.js';
import { REPORT_RANDOM_PAGE_COST } from '../src/reports/run-report.js';
import { fieldEncryptionMode } from '../src/crypto/field-encryption.js';

const persons = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** Q3 is a report a person waits for: measured at low concurrency, its target is a latency. */
const reportConnections = Number(process.env.BENCH_REPORT_CONNECTIONS ?? 2);
const poolMax = String(process.env.BENCH_POOL_MAX ?? 10);
/**
 * Timed runs per query and server, alternating servers (A B C A B C …); the run with the median
 * req/s is reported, every round is kept. One run moves ±15% on this 2-core machine, more than
 * most changes worth measuring.
 */
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
/** Which queries to run, e.g. `Q1` while tuning one (default all three). */
const onlyQueries = (process.env.BENCH_QUERIES ?? 'Q1,Q2,Q3').split(',').map((q) => q.trim());
const outName = process.env.BENCH_OUT ?? new Date().toISOString().slice(0, 10);
/** Installed version of a root dependency (read from disk: some packages do not export package.json). */
const packageVersion = (name: string) => (JSON.parse(fs.readFileSync(path.join('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

type ServerName = 'caregraph' | 'postgraphile' | 'ceiling';
type QueryName = 'Q1' | 'Q2' | 'Q3';

const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(2)));
const startLoad = loadAverage();

// ------------------------------------------------------------------ dataset and database
const dataset = await reusableDataset(persons);
const servers: ServerProcess[] = [];
let admin: pg.Client | undefined;
try {
  const url = await enableStatementCounting(dataset.url, () => dataset.restart());
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(POSTGRAPHILE_SETUP_SQL);
  const pgVersion = (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
  const { q1IdNumber: q1, township } = await pickComparisonSubjects(admin);

  // ---------------------------------------------------------------- the three servers
  const pglDir = path.resolve('bench/postgraphile');
  if (!fs.existsSync(path.join(pglDir, 'node_modules/.bin/node'))) {
    console.log('installing PostGraphile (bench/postgraphile) …');
    execFileSync('npm', ['install', '--prefix', pglDir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  }
  const node22 = path.join(pglDir, 'node_modules/.bin/node');
  // Every server plans its statements alike: serial, as CareGraph's sessions do by default
  // (src/db/parallel-workers.ts); the ceiling's report as CareGraph's reports (run-report.ts).
  const env = { DATABASE_URL: url, POOL_MAX: poolMax, NODE_ENV: 'production', PG_SESSION_OPTIONS: PEER_SESSION_OPTIONS, PG_REPORT_SESSION_OPTIONS: PEER_REPORT_SESSION_OPTIONS };
  const tsx = ['--import', 'tsx'];
  const started = {
    caregraph: await startServer('caregraph', process.execPath, [...CAREGRAPH_NODE_ARGS, 'bench/servers/caregraph.ts'], env),
    postgraphile: await startServer('postgraphile', node22, [...NODE_GC_ARGS, path.join(pglDir, 'server.mjs')], env),
    ceiling: await startServer('ceiling', process.execPath, [...NODE_GC_ARGS, ...tsx, 'bench/servers/ceiling.ts'], env),
  };
  servers.push(...Object.values(started));
  const keys = JSON.parse(started.caregraph.extra) as { partner: string; office: string; exact: string };

  /** `gate`: the equivalence check, where Q3 needs exact counts to compare with the ceiling (timed runs use the office, control on). */
  const request = (server: ServerName, query: QueryName, gate = false) => {
    const partner = { authorization: `Bearer ${keys.partner}`, 'x-purpose': 'CASE_MANAGEMENT' };
    const office = { authorization: `Bearer ${gate ? keys.exact : keys.office}`, 'x-purpose': 'STATISTICS' };
    const variables = { Q1: { idNumber: q1 }, Q2: server === 'postgraphile' ? { township } : { filter: q2Filter(township) }, Q3: { input: Q3_INPUT } }[query];
    const text = server === 'postgraphile' ? POSTGRAPHILE[query as 'Q1' | 'Q2'] : CAREGRAPH[query];
    return { body: JSON.stringify({ operationName: query, query: text, variables }), headers: server === 'caregraph' ? (query === 'Q3' ? office : partner) : {} };
  };
  // The peers read the database as stored: with field encryption on they would answer ciphertexts,
  // so they are timed on a clear dataset only (CAREGRAPH_FIELD_ENCRYPTION=off, docs/security.md).
  const peersToo = fieldEncryptionMode() === 'off';
  if (!peersToo) console.log('field encryption on: timing CareGraph alone (CAREGRAPH_FIELD_ENCRYPTION=off times PostGraphile and the ceiling on a clear dataset)');
  const fullPlan: Record<QueryName, ServerName[]> = peersToo
    ? { Q1: ['caregraph', 'postgraphile', 'ceiling'], Q2: ['caregraph', 'postgraphile', 'ceiling'], Q3: ['caregraph', 'ceiling'] }
    : { Q1: ['caregraph'], Q2: ['caregraph'], Q3: ['caregraph'] };
  const plan = Object.fromEntries(Object.entries(fullPlan).filter(([q]) => onlyQueries.includes(q))) as Record<QueryName, ServerName[]>;

  // ---------------------------------------------------------------- equivalence gate
  const answer = async (server: ServerName, query: QueryName) => {
    const { body, headers } = request(server, query, true);
    const res = await fetch(started[server].url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return canonical(query, server, await res.json());
  };
  const checkEquivalent = async (query: QueryName) => {
    const forms = await Promise.all(plan[query].map(async (s) => [s, JSON.stringify(await answer(s, query))] as const));
    for (const [server, form] of forms.slice(1)) {
      if (form !== forms[0]![1]) {
        fs.mkdirSync('bench/results', { recursive: true });
        const file = `bench/results/mismatch-${query}.json.tmp`;
        fs.writeFileSync(file, JSON.stringify(Object.fromEntries(forms.map(([s, f]) => [s, JSON.parse(f)])), null, 1));
        throw new Error(`${query}: ${server}'s answer is not equivalent to caregraph's (canonical forms in ${file})`);
      }
    }
    const summary = JSON.parse(forms[0]![1]);
    return query === 'Q1' ? `${summary.household.members.length} members` : query === 'Q2' ? `${summary.totalCount} matches, ${summary.nodes.length} on the page` : `${summary.length} report rows`;
  };
  const shapes: Record<string, string> = {};
  for (const query of Object.keys(plan) as QueryName[]) {
    shapes[query] = await checkEquivalent(query);
    console.log(`${query}: equivalent across ${plan[query].join(', ')} (${shapes[query]})`);
  }

  // ---------------------------------------------------------------- timed runs
  const counter = new StatementCounter(admin);
  const runLoad = (server: ServerName, query: QueryName, secs: number, conns: number) => runLoadWorker({ url: started[server].url, ...request(server, query), connections: conns, seconds: secs });

  interface Measured {
    requestsPerSecond: number;
    latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
    errors: number;
    non2xx: number;
    timeouts: number;
    completed: number;
    bytesPerRequest: number;
    statementsPerRequest: number;
    server: ProcessUsage;
    loadAverageBefore: number[];
    /** req/s of every round, in order; the fields above are the median round's. */
    roundsRequestsPerSecond: number[];
  }
  const results: Partial<Record<QueryName, Partial<Record<ServerName, Measured>>>> = {};
  const median = (runs: Measured[]) => [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor((runs.length - 1) / 2)]!;
  for (const query of Object.keys(plan) as QueryName[]) {
    const conns = query === 'Q3' ? reportConnections : connections;
    const runs: Partial<Record<ServerName, Measured[]>> = {};
    for (let round = 1; round <= rounds; round++) {
      for (const server of plan[query]) {
        if (round === 1) await runLoad(server, query, warmupSeconds, conns);
        const loadAverageBefore = loadAverage();
        await counter.reset();
        const sampler = sampleProcess(started[server].pid);
        const r = await runLoad(server, query, seconds, conns);
        const usage = sampler.stop();
        const statements = await counter.count();
        const m: Measured = { ...r, statementsPerRequest: r.completed ? Number((statements / r.completed).toFixed(2)) : 0, server: usage, loadAverageBefore, roundsRequestsPerSecond: [] };
        (runs[server] ??= []).push(m);
        console.log(
          `${query} ${server.padEnd(12)} round ${round}/${rounds} ${String(m.requestsPerSecond).padStart(8)} req/s  p50 ${m.latencyMs.p50} p95 ${m.latencyMs.p95} p99 ${m.latencyMs.p99} ms  errors ${m.errors + m.non2xx}  cpu ${usage.cpuPercent}%  rss ${usage.peakRssMb} MB  ${m.statementsPerRequest} stmt/req`,
        );
      }
    }
    results[query] = Object.fromEntries(
      Object.entries(runs).map(([server, list]) => [server, { ...median(list!), roundsRequestsPerSecond: list!.map((m) => m.requestsPerSecond) }]),
    );
    // Still the same answers after load (e.g. no audit-induced or cache-induced drift).
    await checkEquivalent(query);
  }

  for (const s of servers.splice(0)) await s.stop();

  // ---------------------------------------------------------------- optional sub-benchmarks
  // The federation sub-benchmark measures on this run's database (its cluster is still up).
  process.env.BENCH_DATABASE_URL = url;
  const subBenchmarks = runSubBenchmarks(OPTIONAL_SUB_BENCHMARKS);

  // ---------------------------------------------------------------- results
  const ratio = (q: QueryName, a: ServerName, b: ServerName) => {
    const x = results[q]?.[a]?.requestsPerSecond;
    const y = results[q]?.[b]?.requestsPerSecond;
    return x && y ? Number((x / y).toFixed(2)) : null;
  };
  const ratios = Object.fromEntries(
    (['Q1', 'Q2'] as const).filter((q) => plan[q]).map((q) => [q, { caregraphOverPostgraphile: ratio(q, 'caregraph', 'postgraphile'), caregraphOverCeiling: ratio(q, 'caregraph', 'ceiling') }]),
  );
  const versions = {
    caregraphCommit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
    node: process.version,
    postgraphileNode: execFileSync(node22, ['--version'], { encoding: 'utf8' }).trim(),
    postgraphile: (JSON.parse(fs.readFileSync(path.join(pglDir, 'node_modules/postgraphile/package.json'), 'utf8')) as { version: string }).version,
    postgresql: pgVersion,
    graphql: packageVersion('graphql'),
    apolloServer: packageVersion('@apollo/server'),
    mikroOrm: packageVersion('@mikro-orm/core'),
    pg: packageVersion('pg'),
    autocannon: packageVersion('autocannon'),
  };
  const out = {
    benchmark: 'caregraph-vs-postgraphile-vs-ceiling',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), loadAverageAtStart: startLoad, loadAverageAtEnd: loadAverage(), note: process.env.BENCH_NOTE ?? null },
    versions,
    dataset: { persons, buildSeconds: dataset.buildSeconds, reused: dataset.reused, q1IdNumber: q1, q2Township: township, shapes },
    settings: { seconds, warmupSeconds, connections, reportConnections, poolMaxPerServer: Number(poolMax), peerSessionOptions: PEER_SESSION_OPTIONS, rounds, queries: Object.keys(plan) },
    results,
    ratios,
    targets: {
      // One line per query, so a met Q1 is not reported as missed because Q2 is (or the reverse).
      ...Object.fromEntries(
        (['Q1', 'Q2'] as const).filter((q) => plan[q]).flatMap((q) => [
          [`${q}: CareGraph ≥ 1.0× PostGraphile`, (ratios[q]?.caregraphOverPostgraphile ?? 0) >= 1],
          [`${q}: CareGraph ≥ 0.5× ceiling`, (ratios[q]?.caregraphOverCeiling ?? 0) >= 0.5],
        ]),
      ),
      ...(plan.Q3 ? { 'Q3: p50 ≤ 300 ms': (results.Q3?.caregraph?.latencyMs.p50 ?? Infinity) <= 300 } : {}),
    },
    subBenchmarks,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`bench/results/${outName}.json`, `${JSON.stringify(out, null, 2)}\n`);
  fs.writeFileSync(`bench/results/${outName}.md`, renderMarkdown(out));
  console.log(`wrote bench/results/${outName}.md and .json`);
} finally {
  for (const s of servers) await s.stop().catch(() => {});
  await admin?.end().catch(() => {});
  await dataset.stop();
}
process.exit(0);

function renderMarkdown(o: any): string {
  const rows: string[] = [];
  for (const [q, byServer] of Object.entries(o.results as Record<string, Record<string, any>>)) {
    for (const [s, m] of Object.entries(byServer)) {
      rows.push(`| ${q} | ${s} | ${m.requestsPerSecond} | ${(m.roundsRequestsPerSecond ?? [m.requestsPerSecond]).join(' / ')} | ${m.latencyMs.p50} | ${m.latencyMs.p95} | ${m.latencyMs.p99} | ${m.errors + m.non2xx + m.timeouts} | ${m.server.cpuPercent}% | ${m.server.peakRssMb} | ${m.statementsPerRequest} | ${m.bytesPerRequest} |`);
    }
  }
  const ratioRows = Object.entries(o.ratios as Record<string, any>).map(([q, r]) => `| ${q} | ${r.caregraphOverPostgraphile ?? '–'} | ${r.caregraphOverCeiling ?? '–'} |`);
  const targets = Object.entries(o.targets as Record<string, boolean>).map(([t, ok]) => `- ${ok ? 'met' : '**not met**'}: ${t}`);
  const subs = (o.subBenchmarks as any[]).map((b) => `- \`${b.script}\`: ${b.status}${b.seconds != null ? ` in ${b.seconds} s` : ''}${b.results ? ` — results: ${b.results}` : ''}`);
  return `# CareGraph vs PostGraphile v5 vs raw-SQL ceiling (${o.date.slice(0, 16)}Z)

${o.dataset.persons.toLocaleString('en')} persons (dataset built in ${o.dataset.buildSeconds} s${o.dataset.reused ? ', reused from an earlier run' : ''}).
Machine: ${o.machine.cpus} × ${o.machine.cpuModel}, ${o.machine.memoryGb} GB; load average at start ${o.machine.loadAverageAtStart.join(' / ')}, at end ${o.machine.loadAverageAtEnd.join(' / ')}${o.machine.note ? `; ${o.machine.note}` : ''}.
Versions: CareGraph ${o.versions.caregraphCommit} on Node ${o.versions.node} (graphql ${o.versions.graphql}, Apollo Server ${o.versions.apolloServer}, MikroORM ${o.versions.mikroOrm}, pg ${o.versions.pg}); PostGraphile ${o.versions.postgraphile} on Node ${o.versions.postgraphileNode}; PostgreSQL ${o.versions.postgresql} (embedded, fsync off); autocannon ${o.versions.autocannon}.
Load: autocannon in its own process, ${o.settings.warmupSeconds} s warm-up then ${o.settings.rounds ?? 1} round(s) of ${o.settings.seconds} s at ${o.settings.connections} connections (Q3: ${o.settings.reportConnections}), servers alternating within a round; each figure is the server's median round (by req/s). Each server its own process (Node flags \`${NODE_GC_ARGS.join(' ')}\`, as \`npm start\`) with a pool of ${o.settings.poolMaxPerServer}; one server under load at a time. PostgreSQL planner settings: CareGraph's defaults (serial statements; reports serial with random_page_cost ${REPORT_RANDOM_PAGE_COST}), PostGraphile's and the ceiling's pools \`${o.settings.peerSessionOptions ?? 'PostgreSQL defaults'}\` (the ceiling's Q3 also random_page_cost ${REPORT_RANDOM_PAGE_COST}).

Queries (answers checked equivalent before and after timing — ${Object.entries(o.dataset.shapes).map(([q, s]) => `${q}: ${s}`).join('; ')}):
- Q1: person ${o.dataset.q1IdNumber} by ID number with household, members and all five department profiles (13 record kinds per person).
- Q2: first 50 persons (and totalCount) of township ${o.dataset.q2Township} on active 低保 holding a disability certificate, with one summary list per department.
- Q3: report, active 低保 persons and households by township × gender (CareGraph and ceiling only).

CareGraph runs with permissions on (a partner caller holding the five department roles: every field unmasked, purpose CASE_MANAGEMENT, every disclosure audited; Q3 as the leading-group office, disclosure control on; its equivalence with the ceiling is checked through a caller with exact counts). PostGraphile and the ceiling have no permissions.

| query | server | req/s (median round) | req/s, every round | p50 ms | p95 ms | p99 ms | errors | server CPU | peak RSS MB | SQL stmt/req | bytes/req |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

| query | CareGraph / PostGraphile | CareGraph / ceiling |
|---|---|---|
${ratioRows.join('\n')}

Targets:
${targets.join('\n')}

Server CPU is % of one core over the timed run (/proc/<pid>/stat); peak RSS is the highest VmRSS sampled every 250 ms; SQL statements per request are pg_stat_statements calls (every statement sent, BEGIN/COMMIT and audit INSERTs included) divided by completed requests.

Sub-benchmarks:
${subs.length ? subs.join('\n') : '- none'}
`;
}
