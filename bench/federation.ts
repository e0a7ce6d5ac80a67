/**
 * `npm run bench:federation` (issue #18; also run by `npm run bench` as a sub-benchmark): Q1 and
 * Q2 of the comparison through the Hive gateway in front of the seven subgraphs vs the monolith,
 * in the same run, on one dataset (BENCH_PERSONS, default 1,000,000, reused from bench/.data, or
 * the running comparison's database when `npm run bench` passes BENCH_DATABASE_URL).
 * Answers must be identical before timing. Rounds alternate monolith and gateway; the median
 * round is reported with the req/s ratio, the extra latency, subgraph fetches per request and the
 * extra latency per hop. Writes bench/results/federation.json and .md. Measured, never asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { reusableDataset } from './support/reusable-dataset.js';
import { CAREGRAPH_NODE_ARGS, startServer, type ServerProcess } from './support/server-process.js';
import { sampleProcess, cpuTicks, CLOCK_TICKS } from './support/process-sampler.js';
import { CAREGRAPH, q2Filter } from './support/comparison-queries.js';
import { pickComparisonSubjects } from './support/subjects.js';

const persons = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const poolMax = String(process.env.BENCH_POOL_MAX ?? 10);
type Server = 'monolith' | 'gateway';
type Query = 'Q1' | 'Q2';
const QUERIES: Query[] = ['Q1', 'Q2'];
/** Targets of issue #18 (gateway req/s over the monolith's). */
const TARGETS: Record<Query, number> = { Q1: 0.5, Q2: 0.8 };

// Under `npm run bench` the comparison's database is running: its URL comes in BENCH_DATABASE_URL.
const given = process.env.BENCH_DATABASE_URL;
const dataset = given ? { url: given, stop: async () => {} } : await reusableDataset(persons);
const servers: ServerProcess[] = [];
const admin = new pg.Client({ connectionString: dataset.url });
try {
  await admin.connect();
  const { q1IdNumber, township } = await pickComparisonSubjects(admin);
  const env = { DATABASE_URL: dataset.url, POOL_MAX: poolMax, NODE_ENV: 'production' };
  const monolith = await startServer('monolith', process.execPath, [...CAREGRAPH_NODE_ARGS, 'bench/servers/caregraph.ts'], env);
  servers.push(monolith);
  const gateway = await startServer('gateway', process.execPath, [...CAREGRAPH_NODE_ARGS, 'bench/federation-gateway.ts'], env);
  servers.push(gateway);
  const started: Record<Server, ServerProcess> = { monolith, gateway };
  const keys = JSON.parse(monolith.extra) as { partner: string };
  const subgraphPids = (JSON.parse(gateway.extra) as { subgraphPids: Record<string, number> }).subgraphPids;
  const headers = { authorization: `Bearer ${keys.partner}`, 'x-purpose': 'CASE_MANAGEMENT' };
  const body = (query: Query) => JSON.stringify({ operationName: query, query: CAREGRAPH[query], variables: query === 'Q1' ? { idNumber: q1IdNumber } : { filter: q2Filter(township) } });

  // ------------------------------------------------------------ identical answers first
  // Three times each: the subgraphs compile an operation (graphql-jit) from its second run, so
  // the compiled path is checked too, not only the first, interpreted one.
  for (const query of [...QUERIES, ...QUERIES, ...QUERIES]) {
    const answers = await Promise.all(
      // Parsed and printed again: the two servers differ in trailing whitespace only.
      (['monolith', 'gateway'] as const).map(async (s) => JSON.stringify(await (await fetch(started[s].url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body(query) })).json())),
    );
    if (answers[0] !== answers[1]) {
      fs.mkdirSync('bench/results', { recursive: true });
      fs.writeFileSync(`bench/results/federation-mismatch-${query}.json.tmp`, `${answers.join('\n')}\n`);
      throw new Error(`${query}: the gateway's answer differs from the monolith's (bench/results/federation-mismatch-${query}.json.tmp)`);
    }
    if (answers[0]!.includes('"errors"')) throw new Error(`${query}: the answer has errors: ${answers[0]!.slice(0, 500)}`);
    console.log(`${query}: identical through the gateway (${answers[0]!.length} bytes)`);
  }

  // ------------------------------------------------------------ timed rounds
  const worker = path.resolve('bench/support/load-worker.ts');
  const runLoad = (server: Server, query: Query, secs: number) =>
    new Promise<any>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify({ url: started[server].url, body: body(query), headers, connections, seconds: secs })], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`load worker exited ${code}`))));
    });
  const fetchCount = async () => ((await (await fetch(gateway.url.replace(/\/graphql$/, '/bench/fetches'))).json()) as { fetches: number }).fetches;
  const results: Record<string, Record<string, any>> = {};
  for (const query of QUERIES) {
    const runs: Record<Server, any[]> = { monolith: [], gateway: [] };
    for (let round = 1; round <= rounds; round++) {
      for (const server of ['monolith', 'gateway'] as const) {
        if (round === 1) await runLoad(server, query, warmupSeconds);
        const sampler = sampleProcess(started[server].pid);
        const subgraphTicks = Object.values(subgraphPids).map((pid) => cpuTicks(pid));
        const fetchesBefore = server === 'gateway' ? await fetchCount() : 0;
        const wallStart = performance.now();
        const r = await runLoad(server, query, seconds);
        const wallSeconds = (performance.now() - wallStart) / 1000;
        const usage = sampler.stop();
        const m = { ...r, server: usage } as any;
        if (server === 'gateway') {
          m.subgraphFetchesPerRequest = r.completed ? Number((((await fetchCount()) - fetchesBefore) / r.completed).toFixed(2)) : 0;
          const ticks = Object.values(subgraphPids).reduce((sum, pid, i) => sum + cpuTicks(pid) - subgraphTicks[i]!, 0);
          m.subgraphsCpuPercent = Number(((ticks / CLOCK_TICKS / wallSeconds) * 100).toFixed(1));
        }
        runs[server].push(m);
        console.log(`${query} ${server.padEnd(9)} round ${round}/${rounds} ${String(m.requestsPerSecond).padStart(8)} req/s  p50 ${m.latencyMs.p50} p95 ${m.latencyMs.p95} ms  errors ${m.errors + m.non2xx}  cpu ${usage.cpuPercent}%${m.subgraphsCpuPercent != null ? ` (+ subgraphs ${m.subgraphsCpuPercent}%)` : ''}`);
      }
    }
    const median = (list: any[]) => [...list].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor((list.length - 1) / 2)];
    results[query] = Object.fromEntries((['monolith', 'gateway'] as const).map((s) => [s, { ...median(runs[s]), roundsRequestsPerSecond: runs[s].map((m) => m.requestsPerSecond) }]));
  }

  // ------------------------------------------------------------ ratios and the cost of a hop
  const summary = Object.fromEntries(
    QUERIES.map((q) => {
      const mono = results[q]!.monolith;
      const gw = results[q]!.gateway;
      const ratio = Number((gw.requestsPerSecond / mono.requestsPerSecond).toFixed(2));
      const extraP50 = Number((gw.latencyMs.p50 - mono.latencyMs.p50).toFixed(1));
      const hops = gw.subgraphFetchesPerRequest;
      return [q, { gatewayOverMonolith: ratio, target: TARGETS[q], met: ratio >= TARGETS[q], extraLatencyP50Ms: extraP50, subgraphFetchesPerRequest: hops, extraLatencyPerHopMs: hops ? Number((extraP50 / hops).toFixed(2)) : null }];
    }),
  );
  for (const s of servers.splice(0)) await s.stop();
  const out = {
    benchmark: 'federation-gateway-vs-monolith',
    date: new Date().toISOString(),
    commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))), note: process.env.BENCH_NOTE ?? null },
    dataset: { persons, q1IdNumber, q2Township: township },
    settings: { seconds, warmupSeconds, connections, rounds, poolMaxPerServer: Number(poolMax) },
    results,
    summary,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/federation.json', `${JSON.stringify(out, null, 2)}\n`);
  fs.writeFileSync('bench/results/federation.md', renderMarkdown(out));
  console.log('wrote bench/results/federation.md and .json');
} finally {
  for (const s of servers) await s.stop().catch(() => {});
  await admin.end().catch(() => {});
  await dataset.stop();
}
process.exit(0);

function renderMarkdown(o: any): string {
  const rows = Object.entries(o.results as Record<string, Record<string, any>>).flatMap(([q, by]) =>
    Object.entries(by).map(([s, m]) => `| ${q} | ${s} | ${m.requestsPerSecond} | ${m.roundsRequestsPerSecond.join(' / ')} | ${m.latencyMs.p50} | ${m.latencyMs.p95} | ${m.errors + m.non2xx + m.timeouts} | ${m.server.cpuPercent}%${m.subgraphsCpuPercent != null ? ` + ${m.subgraphsCpuPercent}%` : ''} | ${m.subgraphFetchesPerRequest ?? '–'} |`),
  );
  const sums = Object.entries(o.summary as Record<string, any>).map(([q, s]) => `| ${q} | ${s.gatewayOverMonolith} | ≥ ${s.target} (${s.met ? 'met' : '**not met**'}) | ${s.extraLatencyP50Ms} | ${s.subgraphFetchesPerRequest} | ${s.extraLatencyPerHopMs ?? '–'} |`);
  return `# Federated gateway vs monolith (${o.date.slice(0, 16)}Z, ${o.commit})

${o.dataset.persons.toLocaleString('en')} persons; ${o.machine.cpus} × ${o.machine.cpuModel}, load average ${o.machine.loadAverage.join(' / ')}${o.machine.note ? `; ${o.machine.note}` : ''}.
Monolith: \`bench/servers/caregraph.ts\` (as \`npm start\`). Gateway: \`bench/federation-gateway.ts\` — Hive Gateway in one process, seven subgraphs in their own processes (as \`npm run start:federated\`), one embedded PostgreSQL.
Load: autocannon in its own process, ${o.settings.warmupSeconds} s warm-up, ${o.settings.rounds} round(s) of ${o.settings.seconds} s at ${o.settings.connections} connections, servers alternating; the median round is reported. Same partner caller (five department roles, purpose CASE_MANAGEMENT, disclosures audited) both ways; answers checked identical before timing.

| query | server | req/s (median) | req/s, every round | p50 ms | p95 ms | errors | CPU (gateway + subgraphs) | subgraph fetches/req |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

| query | gateway / monolith req/s | target | extra p50 ms | subgraph fetches per request | extra p50 per hop, ms |
|---|---|---|---|---|---|
${sums.join('\n')}

"Per hop" divides the extra p50 latency by the subgraph fetches a request makes (Q1: core, then the departments' entity fetches).
`;
}
