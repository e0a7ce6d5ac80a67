/**
 * `npx tsx bench/ab.ts`: A/B of CareGraph server variants on Q1 — each variant is the CareGraph
 * bench server with extra environment (AB_VARIANTS='{"jit":{"CAREGRAPH_JIT":"1"},"interpreted":{"CAREGRAPH_JIT":"0"}}').
 * A variant's AB_CWD runs it from another checkout (a worktree of the previous commit, say).
 * AB_QUERY replaces Q1 with another query. Variants alternate in short runs (AB_SECONDS, default 10; AB_ROUNDS, default 6) so machine noise
 * hits all alike; prints req/s and server CPU per request of each run and the medians.
 */
import { runLoadWorker } from './support/load.js';
import path from 'node:path';
import pg from 'pg';
import { reusableDataset } from './support/reusable-dataset.js';
import { CAREGRAPH_NODE_ARGS, startServer, type ServerProcess } from './support/server-process.js';
import { sampleProcess } from './support/process-sampler.js';
import { CAREGRAPH } from './support/comparison-queries.js';
import { pickComparisonSubjects } from './support/subjects.js';

const variants = JSON.parse(process.env.AB_VARIANTS ?? '{"jit":{"CAREGRAPH_JIT":"1"},"interpreted":{"CAREGRAPH_JIT":"0"}}') as Record<string, Record<string, string>>;
const seconds = Number(process.env.AB_SECONDS ?? 10);
const rounds = Number(process.env.AB_ROUNDS ?? 6);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** Another query instead of Q1 (no variables), e.g. '{ __typename }' to see the fixed cost of a request. */
const customQuery = process.env.AB_QUERY;
const dataset = await reusableDataset(Number(process.env.BENCH_PERSONS ?? 1_000_000));
const servers: Record<string, ServerProcess> = {};
try {
  const admin = new pg.Client({ connectionString: dataset.url });
  await admin.connect();
  const { q1IdNumber } = await pickComparisonSubjects(admin);
  await admin.end();
  for (const [name, env] of Object.entries(variants)) {
    // AB_CWD runs the variant from another checkout (e.g. a git worktree of the commit before a change).
    const script = path.join(env.AB_CWD ?? '.', 'bench/servers/caregraph.ts');
    servers[name] = await startServer(name, process.execPath, [...CAREGRAPH_NODE_ARGS, script], { DATABASE_URL: dataset.url, POOL_MAX: '10', NODE_ENV: 'production', ...env });
  }
  const run = (name: string, secs: number) =>
    runLoadWorker({
      url: servers[name]!.url,
      body: JSON.stringify(customQuery ? { query: customQuery } : { operationName: 'Q1', query: CAREGRAPH.Q1, variables: { idNumber: q1IdNumber } }),
      headers: { authorization: `Bearer ${(JSON.parse(servers[name]!.extra) as { partner: string }).partner}`, 'x-purpose': 'CASE_MANAGEMENT' },
      connections,
      seconds: secs,
    });
  for (const name of Object.keys(variants)) await run(name, 5);
  const seen: Record<string, Array<{ rps: number; cpuMs: number }>> = {};
  for (let round = 1; round <= rounds; round++) {
    for (const name of Object.keys(variants)) {
      const sampler = sampleProcess(servers[name]!.pid);
      const r = await run(name, seconds);
      const usage = sampler.stop();
      const cpuMs = (usage.cpuPercent * 10) / r.requestsPerSecond;
      (seen[name] ??= []).push({ rps: r.requestsPerSecond, cpuMs });
      console.log(`round ${round} ${name.padEnd(14)} ${String(r.requestsPerSecond).padStart(8)} req/s  server CPU ${cpuMs.toFixed(3)} ms/request`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  for (const [name, list] of Object.entries(seen)) {
    console.log(`median ${name.padEnd(14)} ${median(list.map((x) => x.rps))} req/s  ${median(list.map((x) => x.cpuMs)).toFixed(3)} ms CPU/request`);
  }
} finally {
  for (const s of Object.values(servers)) await s.stop().catch(() => {});
  await dataset.stop();
}
process.exit(0);
