/**
 * `npx tsx bench/cpu-budget.ts`: where the machine's CPU goes per Q1 request, server by server.
 * On a machine where the load generator, the server and PostgreSQL share the cores, throughput is
 * set by the CPU all of them spend per request, not by the server's alone: this prints, for each
 * server of BUDGET_SERVERS (default `caregraph,ceiling`), req/s and the CPU per request of the
 * server process (user and system), of every PostgreSQL process, and of the load generator (this
 * process; autocannon runs in it). 16 connections, 4 s warm-up, BUDGET_SECONDS (default 15) timed.
 * CAREGRAPH_CWD runs CareGraph from another checkout (e.g. a worktree holding an experiment).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import autocannon from 'autocannon';
import { reusableDataset } from './support/reusable-dataset.js';
import { CAREGRAPH_NODE_ARGS, NODE_GC_ARGS, PEER_SESSION_OPTIONS, startServer } from './support/server-process.js';
import { CAREGRAPH } from './support/comparison-queries.js';
import { pickComparisonSubjects } from './support/subjects.js';
import { CLOCK_TICKS, cpuTicks, cpuTimes } from './support/process-sampler.js';

/** CPU ticks of every process named `postgres` (postmaster, backends, background workers). */
function postgresTicks(): number {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let comm = '';
    try {
      comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (comm === 'postgres') ticks += cpuTicks(Number(entry));
  }
  return ticks;
}

const seconds = Number(process.env.BUDGET_SECONDS ?? 15);
const names = (process.env.BUDGET_SERVERS ?? 'caregraph,ceiling').split(',');
const dataset = await reusableDataset(Number(process.env.BENCH_PERSONS ?? 1_000_000));
try {
  const admin = new pg.Client({ connectionString: dataset.url });
  await admin.connect();
  const { q1IdNumber } = await pickComparisonSubjects(admin);
  await admin.end();
  const body = JSON.stringify({ operationName: 'Q1', query: CAREGRAPH.Q1, variables: { idNumber: q1IdNumber } });
  const env = { DATABASE_URL: dataset.url, POOL_MAX: '10', NODE_ENV: 'production', PG_SESSION_OPTIONS: PEER_SESSION_OPTIONS };
  for (const name of names) {
    const server =
      name === 'caregraph'
        ? await startServer(name, process.execPath, [...CAREGRAPH_NODE_ARGS, path.join(process.env.CAREGRAPH_CWD ?? '.', 'bench/servers/caregraph.ts')], env)
        : await startServer(name, process.execPath, [...NODE_GC_ARGS, '--import', 'tsx', 'bench/servers/ceiling.ts'], env);
    try {
      const key = server.extra ? (JSON.parse(server.extra) as { partner: string }).partner : '';
      const options = {
        url: server.url,
        method: 'POST' as const,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-purpose': 'CASE_MANAGEMENT' },
        body,
        connections: 16,
      };
      await autocannon({ ...options, duration: 4 });
      const [user0, system0] = cpuTimes(server.pid);
      const postgres0 = postgresTicks();
      const self0 = process.cpuUsage();
      const result = await autocannon({ ...options, duration: seconds });
      const self = process.cpuUsage(self0);
      const postgres = postgresTicks() - postgres0;
      const [user1, system1] = cpuTimes(server.pid);
      const n = result.requests.total;
      const ms = (ticks: number) => ((ticks / CLOCK_TICKS) * 1000 / n).toFixed(3);
      console.log(
        `${name}: ${result.requests.average} req/s (${result.non2xx + result.errors} failed); CPU per request: server ${ms(user1 - user0)} user + ${ms(system1 - system0)} system ms, ` +
          `PostgreSQL ${ms(postgres)} ms, load generator ${((self.user + self.system) / 1000 / n).toFixed(3)} ms`,
      );
    } finally {
      await server.stop();
    }
  }
} finally {
  await dataset.stop();
}
process.exit(0);
