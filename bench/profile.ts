/**
 * `npx tsx bench/profile.ts`: where CareGraph's time goes for one comparison query. Starts the
 * CareGraph server process on the reusable dataset (BENCH_PERSONS, default 1M), sends
 * PROFILE_QUERY (Q1, Q2 or Q3) sequentially — PROFILE_WARMUP, then PROFILE_REQUESTS timed — and
 * prints the mean latency and the statements by total time (pg_stat_statements);
 * PROFILE_CONCURRENCY (default 1) sends from that many loops at once (e.g. 16, as the bench). With
 * PROFILE_CPU=1 the server runs with --cpu-prof and writes its profile to bench/results/profiles/
 * (git-ignored .cpuprofile, open in Chrome DevTools) when it stops.
 */
import pg from 'pg';
import { reusableDataset } from './support/reusable-dataset.js';
import { enableStatementCounting } from './support/statement-counter.js';
import { CAREGRAPH_NODE_ARGS, startServer } from './support/server-process.js';
import { CLOCK_TICKS, cpuTicks } from './support/process-sampler.js';
import { CAREGRAPH, Q3_INPUT, q2Filter } from './support/comparison-queries.js';
import { pickComparisonSubjects } from './support/subjects.js';

const persons = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const query = (process.env.PROFILE_QUERY ?? 'Q1') as 'Q1' | 'Q2' | 'Q3';
const warmup = Number(process.env.PROFILE_WARMUP ?? 20);
const requests = Number(process.env.PROFILE_REQUESTS ?? 300);
const concurrency = Number(process.env.PROFILE_CONCURRENCY ?? 1);

const dataset = await reusableDataset(persons);
const url = await enableStatementCounting(dataset.url, () => dataset.restart());
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const cpuProfile = process.env.PROFILE_CPU === '1' ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : [];
const server = await startServer('caregraph', process.execPath, [...CAREGRAPH_NODE_ARGS, ...cpuProfile, 'bench/servers/caregraph.ts'], { DATABASE_URL: url });
try {
  const { q1IdNumber, township } = await pickComparisonSubjects(admin);
  const keys = JSON.parse(server.extra) as { partner: string; office: string };
  const variables = { Q1: { idNumber: q1IdNumber }, Q2: { filter: q2Filter(township) }, Q3: { input: Q3_INPUT } }[query];
  const body = JSON.stringify({ operationName: query, query: CAREGRAPH[query], variables });
  // Q3 (the report) goes as the leading-group office, as in `npm run bench`.
  const key = query === 'Q3' ? keys.office : keys.partner;
  const send = () => fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-purpose': 'CASE_MANAGEMENT' }, body }).then((r) => r.text());
  for (let i = 0; i < warmup; i++) await send();
  await admin.query('select pg_stat_statements_reset()');
  // CPU per request, less noisy than latency on a shared machine: the server process and the
  // PostgreSQL backends serving it (connections opened during warm-up; the pool keeps them).
  const backends = (await admin.query<{ pid: number }>(`select pid from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`)).rows.map((r) => r.pid);
  const dbTicks = () => backends.reduce((sum, pid) => sum + cpuTicks(pid), 0);
  const [serverBefore, dbBefore] = [cpuTicks(server.pid), dbTicks()];
  const started = performance.now();
  let sent = 0;
  const loop = async () => {
    while (sent < requests) {
      sent++;
      await send();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const perRequestMs = (ticks: number) => ((ticks / CLOCK_TICKS) * 1000 / requests).toFixed(2);
  console.log(`${query}: ${((performance.now() - started) / requests).toFixed(1)} ms per request, ${concurrency === 1 ? 'sequential' : `${concurrency} at once`}, ${requests} requests; CPU per request: server ${perRequestMs(cpuTicks(server.pid) - serverBefore)} ms, PostgreSQL ${perRequestMs(dbTicks() - dbBefore)} ms`);
  const { rows } = await admin.query(
    `select calls, round(total_exec_time::numeric, 1) as total_ms, round(mean_exec_time::numeric, 2) as mean_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) as statement
     from pg_stat_statements where query not ilike '%pg_stat_statements%' order by total_exec_time desc limit 15`,
  );
  console.table(rows);
} finally {
  await server.stop();
  await admin.end();
  await dataset.stop();
}
process.exit(0);
