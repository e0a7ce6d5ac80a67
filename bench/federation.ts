/**
 * `npm run bench:federation` (issues #18, #28; also run by `npm run bench` as a sub-benchmark): Q1
 * and Q2 of the comparison through Hive Gateway (CareGraph's gateway, subgraphs in signed trust
 * mode) and through a native router (Grafbase Gateway, subgraphs in forwarded trust mode) vs the
 * monolith, in the same run, on one dataset (BENCH_PERSONS, default 1,000,000, reused from
 * bench/.data, or the running comparison's database when `npm run bench` passes BENCH_DATABASE_URL).
 * Answers must be identical before timing. Rounds alternate the servers; the median round is
 * reported with the req/s ratio, the extra latency, subgraph fetches per request, the extra
 * latency per hop, CPU milliseconds per request of the router and of the subgraphs, and the RSS
 * of every process. Writes bench/results/federation.json and .md. Measured, never asserted.
 * Where Grafbase's platform package is absent (not linux-x64) its rows are left out, with the reason.
 */
import { runLoadWorker } from './support/load.js';
import { runInfo } from './support/run-info.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { reusableDataset } from './support/reusable-dataset.js';
import { CAREGRAPH_NODE_ARGS, startServer, type ServerProcess } from './support/server-process.js';
import { sampleProcess, cpuTicks, postgresTicks, machineBusyTicks, CLOCK_TICKS, type ProcessUsage } from './support/process-sampler.js';
import { CAREGRAPH, q2Filter } from './support/comparison-queries.js';
import { pickComparisonSubjects } from './support/subjects.js';
import { statementStats } from './support/statement-stats.js';
import { grafbaseBinary } from '../src/federation/routers/grafbase.js';
import { fieldOwnership } from '../src/federation/ownership.js';
import { departments } from '../src/departments/registry.js';

const persons = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const poolMax = String(process.env.BENCH_POOL_MAX ?? 10);
type Server = 'monolith' | 'hive' | 'grafbase';
type Router = Exclude<Server, 'monolith'>;
type Query = 'Q1' | 'Q2';
/** BENCH_QUERIES=Q2: one query only (default both). */
const QUERIES: Query[] = (['Q1', 'Q2'] as const).filter((q) => (process.env.BENCH_QUERIES ?? 'Q1,Q2').split(',').includes(q));
/**
 * BENCH_PG_STATEMENTS=1: the costliest statements per request of each server's last round, from
 * pg_stat_statements (the dataset's PostgreSQL must preload it: \`alter system set
 * shared_preload_libraries = 'pg_stat_statements'\` and a restart).
 */
const pgStatements = process.env.BENCH_PG_STATEMENTS === '1';
/** Issue #28's targets for the native router (req/s over the monolith's); Hive Gateway's (#18) were 0.5 / 0.8. */
const TARGETS: Record<Query, number> = { Q1: 0.4, Q2: 0.8 };
/** Issue #28: the subgraphs' CPU per Q1 at most this many times the monolith's CPU for the whole of Q1. */
const SUBGRAPH_CPU_TARGET = 2;
const grafbase = grafbaseBinary();
const ROUTERS: Router[] = 'missing' in grafbase ? ['hive'] : ['hive', 'grafbase'];
if ('missing' in grafbase) console.log(`Grafbase Gateway left out: ${grafbase.missing}`);
const SERVERS: Server[] = ['monolith', ...ROUTERS];

interface RouterTree {
  /** The process that routes: the Hive gateway's Node process, or the grafbase binary. */
  routerPid: number;
  subgraphPids: Record<string, number>;
  /** Subgraph fetches served so far, all subgraphs together. */
  fetches(): Promise<number>;
}

// Under `npm run bench` the comparison's database is running: its URL comes in BENCH_DATABASE_URL.
const given = process.env.BENCH_DATABASE_URL;
const dataset = given ? { url: given, stop: async () => {} } : await reusableDataset(persons);
const servers: ServerProcess[] = [];
const admin = new pg.Client({ connectionString: dataset.url });
try {
  await admin.connect();
  const { q1IdNumber, township } = await pickComparisonSubjects(admin);
  // Both routers' subgraphs (seven each), the monolith and the gateway share one PostgreSQL: with ten
  // connections per subgraph process, the second tree found the server's max_connections (100)
  // taken and its subgraphs waited for connections — Grafbase's rounds served nothing. Every
  // subgraph gets the same share of what is left, at most the default ten.
  const maxConnections = Number((await admin.query<{ max_connections: string }>('show max_connections')).rows[0]!.max_connections);
  const subgraphCount = fieldOwnership(departments).subgraphs.length;
  const subgraphPoolMax = Math.max(2, Math.min(10, Math.floor((maxConnections - Number(poolMax) - 2 - 6) / (subgraphCount * ROUTERS.length))));
  const env = { DATABASE_URL: dataset.url, POOL_MAX: poolMax, NODE_ENV: 'production', CAREGRAPH_SUBGRAPH_POOL_MAX: String(subgraphPoolMax) };
  const monolith = await startServer('monolith', process.execPath, [...CAREGRAPH_NODE_ARGS, 'bench/servers/caregraph.ts'], env);
  servers.push(monolith);
  const started: Partial<Record<Server, ServerProcess>> = { monolith };
  const trees: Partial<Record<Router, RouterTree>> = {};
  const hive = await startServer('hive', process.execPath, [...CAREGRAPH_NODE_ARGS, 'bench/federation-gateway.ts'], env);
  servers.push(hive);
  started.hive = hive;
  trees.hive = {
    routerPid: hive.pid,
    subgraphPids: (JSON.parse(hive.extra) as { subgraphPids: Record<string, number> }).subgraphPids,
    fetches: async () => ((await (await fetch(hive.url.replace(/\/graphql$/, '/bench/fetches'))).json()) as { fetches: number }).fetches,
  };
  if (ROUTERS.includes('grafbase')) {
    const native = await startServer('grafbase', process.execPath, [...CAREGRAPH_NODE_ARGS, 'bench/federation-grafbase.ts'], env);
    servers.push(native);
    started.grafbase = native;
    const extra = JSON.parse(native.extra) as { routerPid: number; subgraphPids: Record<string, number>; fetchCountDir: string };
    trees.grafbase = {
      routerPid: extra.routerPid,
      subgraphPids: extra.subgraphPids,
      // Each subgraph writes its count on SIGUSR2 (bench/support/count-http-requests.mjs).
      async fetches() {
        const pids = Object.values(extra.subgraphPids);
        const file = (pid: number) => path.join(extra.fetchCountDir, String(pid));
        pids.forEach((pid) => fs.rmSync(file(pid), { force: true }));
        pids.forEach((pid) => process.kill(pid, 'SIGUSR2'));
        const deadline = Date.now() + 5_000;
        while (pids.some((pid) => !fs.existsSync(file(pid))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        let sum = 0;
        for (const pid of pids) sum += Number(fs.readFileSync(file(pid), 'utf8'));
        return sum;
      },
    };
  }
  const keys = JSON.parse(monolith.extra) as { partner: string };
  // No x-request-id: a fixed one would let forwarded subgraphs record each disclosure once for the
  // whole run (once per request id), which the signed path does not; without it every fetch is
  // audited as its own request, as the signed subgraphs audit theirs.
  const headers = { authorization: `Bearer ${keys.partner}`, 'x-purpose': 'CASE_MANAGEMENT' };
  const body = (query: Query) => JSON.stringify({ operationName: query, query: CAREGRAPH[query], variables: query === 'Q1' ? { idNumber: q1IdNumber } : { filter: q2Filter(township) } });

  // ------------------------------------------------------------ identical answers first
  // Three times each: the subgraphs compile an operation (graphql-jit) from its second run, so
  // the compiled path is checked too, not only the first, interpreted one. The subgraph fetches
  // one request makes are counted here, one request at a time, for every router alike.
  const fetchesPerRequest: Record<Router, Partial<Record<Query, number>>> = { hive: {}, grafbase: {} };
  for (const query of [...QUERIES, ...QUERIES, ...QUERIES]) {
    const ask = async (s: Server) => JSON.stringify(await (await fetch(started[s]!.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body(query) })).json());
    // Parsed and printed again: the servers differ in trailing whitespace only.
    const expected = await ask('monolith');
    for (const router of ROUTERS) {
      const before = await trees[router]!.fetches();
      const answer = await ask(router);
      fetchesPerRequest[router][query] = (await trees[router]!.fetches()) - before;
      if (answer !== expected) {
        fs.mkdirSync('bench/results', { recursive: true });
        fs.writeFileSync(`bench/results/federation-mismatch-${router}-${query}.json.tmp`, `${expected}\n${answer}\n`);
        throw new Error(`${query}: ${router}'s answer differs from the monolith's (bench/results/federation-mismatch-${router}-${query}.json.tmp)`);
      }
    }
    if (expected.includes('"errors"')) throw new Error(`${query}: the answer has errors: ${expected.slice(0, 500)}`);
    console.log(`${query}: identical through ${ROUTERS.join(' and ')} (${expected.length} bytes; subgraph fetches ${ROUTERS.map((r) => `${r} ${fetchesPerRequest[r][query]}`).join(', ')})`);
  }

  // ------------------------------------------------------------ timed rounds
  const runLoad = (server: Server, query: Query, secs: number) => runLoadWorker({ url: started[server]!.url, body: body(query), headers, connections, seconds: secs, requestIdHeader: 'x-request-id' });
  const cpuMsPerRequest = (ticks: number, completed: number) => (completed ? Number((((ticks / CLOCK_TICKS) * 1000) / completed).toFixed(2)) : null);
  const results: Record<string, Record<string, any>> = {};
  const statementReport: string[] = [];
  for (const query of QUERIES) {
    const runs: Record<Server, any[]> = { monolith: [], hive: [], grafbase: [] };
    for (let round = 1; round <= rounds; round++) {
      for (const server of SERVERS) {
        if (round === 1) await runLoad(server, query, warmupSeconds);
        const tree = server === 'monolith' ? null : trees[server]!;
        const mainPid = tree ? tree.routerPid : started[server]!.pid;
        const sampler = sampleProcess(mainPid);
        const mainTicks = cpuTicks(mainPid);
        const subgraphSamplers = tree ? Object.values(tree.subgraphPids).map((pid) => sampleProcess(pid)) : [];
        const subgraphTicks = tree ? Object.values(tree.subgraphPids).map((pid) => cpuTicks(pid)) : [];
        const fetchesBefore = tree ? await tree.fetches() : 0;
        if (pgStatements && round === rounds) await statementStats(dataset.url, 'reset');
        const postgresBefore = postgresTicks();
        const machineBefore = machineBusyTicks();
        const wallStart = performance.now();
        const r = await runLoad(server, query, seconds);
        const wallSeconds = (performance.now() - wallStart) / 1000;
        const usage = sampler.stop();
        const m = { ...r, server: usage, cpuMsPerRequest: cpuMsPerRequest(cpuTicks(mainPid) - mainTicks, r.completed), rssMb: usage.peakRssMb } as any;
        // Where the rest of the machine's CPU went: PostgreSQL (shared by all servers, one at a time
        // under load), and everything together (load generator and kernel included). The machine's
        // figure bounds the req/s any router could reach with this cost per request:
        // cores × 1000 / machine ms per request.
        m.postgresCpuMsPerRequest = cpuMsPerRequest(postgresTicks() - postgresBefore, r.completed);
        m.machineCpuMsPerRequest = cpuMsPerRequest(machineBusyTicks() - machineBefore, r.completed);
        m.cpuBoundRequestsPerSecond = m.machineCpuMsPerRequest ? Math.round((os.cpus().length * 1000) / m.machineCpuMsPerRequest) : null;
        if (tree) {
          const subgraphUsage: ProcessUsage[] = subgraphSamplers.map((s) => s.stop());
          const ticks = Object.values(tree.subgraphPids).reduce((sum, pid, i) => sum + cpuTicks(pid) - subgraphTicks[i]!, 0);
          m.subgraphFetchesPerRequest = r.completed ? Number((((await tree.fetches()) - fetchesBefore) / r.completed).toFixed(2)) : 0;
          m.subgraphsCpuPercent = Number(((ticks / CLOCK_TICKS / wallSeconds) * 100).toFixed(1));
          m.subgraphsCpuMsPerRequest = cpuMsPerRequest(ticks, r.completed);
          m.subgraphsRssMb = subgraphUsage.reduce((sum, u) => sum + u.peakRssMb, 0);
          m.rssMb = usage.peakRssMb + m.subgraphsRssMb;
        }
        runs[server].push(m);
        if (pgStatements && round === rounds) statementReport.push(`\n${query} ${server}, last round, per request:\n${(await statementStats(dataset.url, 'read', r.completed, 12)).join('\n')}`);
        console.log(
          `${query} ${server.padEnd(9)} round ${round}/${rounds} ${String(m.requestsPerSecond).padStart(8)} req/s  p50 ${m.latencyMs.p50} p95 ${m.latencyMs.p95} ms  errors ${m.errors + m.non2xx}  cpu ${usage.cpuPercent}% (${m.cpuMsPerRequest} ms/req)` +
            (tree ? ` + subgraphs ${m.subgraphsCpuPercent}% (${m.subgraphsCpuMsPerRequest} ms/req), ${m.subgraphFetchesPerRequest} fetches/req` : '') +
            `  postgres ${m.postgresCpuMsPerRequest} ms/req, machine ${m.machineCpuMsPerRequest} ms/req` +
            `  rss ${m.rssMb} MB  load ${os.loadavg()[0]!.toFixed(1)}`,
        );
      }
    }
    const median = (list: any[]) => [...list].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor((list.length - 1) / 2)];
    results[query] = Object.fromEntries(SERVERS.map((s) => [s, { ...median(runs[s]), roundsRequestsPerSecond: runs[s].map((m) => m.requestsPerSecond) }]));
  }

  // ------------------------------------------------------------ ratios and the cost of a hop
  const summary = Object.fromEntries(
    QUERIES.map((q) => {
      const mono = results[q]!.monolith;
      const byRouter = Object.fromEntries(
        ROUTERS.map((router) => {
          const gw = results[q]![router];
          const ratio = Number((gw.requestsPerSecond / mono.requestsPerSecond).toFixed(2));
          const extraP50 = Number((gw.latencyMs.p50 - mono.latencyMs.p50).toFixed(1));
          const hops = fetchesPerRequest[router][q]!;
          const subgraphCpuOverMonolith = mono.cpuMsPerRequest ? Number((gw.subgraphsCpuMsPerRequest / mono.cpuMsPerRequest).toFixed(2)) : null;
          return [
            router,
            {
              overMonolith: ratio,
              target: TARGETS[q],
              met: ratio >= TARGETS[q],
              extraLatencyP50Ms: extraP50,
              subgraphFetchesPerRequest: hops,
              extraLatencyPerHopMs: hops ? Number((extraP50 / hops).toFixed(2)) : null,
              subgraphsCpuOverMonolithCpu: subgraphCpuOverMonolith,
              ...(q === 'Q1' ? { subgraphCpuTarget: SUBGRAPH_CPU_TARGET, subgraphCpuMet: subgraphCpuOverMonolith != null && subgraphCpuOverMonolith <= SUBGRAPH_CPU_TARGET } : {}),
              rssOverMonolith: Number((gw.rssMb / mono.rssMb).toFixed(2)),
            },
          ];
        }),
      );
      return [q, byRouter];
    }),
  );
  const loadAfter = os.loadavg();
  for (const s of servers.splice(0)) await s.stop();
  const out = {
    ...runInfo('federation-routers-vs-monolith', { loadAverage: loadAfter, note: process.env.BENCH_NOTE ?? null }),
    dataset: { persons, q1IdNumber, q2Township: township },
    settings: { seconds, warmupSeconds, connections, rounds, poolMaxPerServer: Number(poolMax), poolMaxPerSubgraph: subgraphPoolMax, maxConnections, routers: ROUTERS, grafbaseMissing: 'missing' in grafbase ? grafbase.missing : null },
    results,
    summary,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/federation.json', `${JSON.stringify(out, null, 2)}\n`);
  fs.writeFileSync('bench/results/federation.md', renderMarkdown(out));
  console.log('wrote bench/results/federation.md and .json');
  if (statementReport.length) console.log(statementReport.join('\n'));
} finally {
  for (const s of servers) await s.stop().catch(() => {});
  await admin.end().catch(() => {});
  await dataset.stop();
}
process.exit(0);

function renderMarkdown(o: any): string {
  const rows = Object.entries(o.results as Record<string, Record<string, any>>).flatMap(([q, by]) =>
    Object.entries(by).map(
      ([s, m]) =>
        `| ${q} | ${s} | ${m.requestsPerSecond} | ${m.roundsRequestsPerSecond.join(' / ')} | ${m.latencyMs.p50} | ${m.latencyMs.p95} | ${m.errors + m.non2xx + m.timeouts} | ${m.server.cpuPercent}%${m.subgraphsCpuPercent != null ? ` + ${m.subgraphsCpuPercent}%` : ''} | ${m.cpuMsPerRequest} | ${m.subgraphsCpuMsPerRequest ?? '–'} | ${m.rssMb}${m.subgraphsRssMb != null ? ` (${m.subgraphsRssMb} subgraphs)` : ''} | ${m.subgraphFetchesPerRequest ?? '–'} | ${m.postgresCpuMsPerRequest ?? '–'} | ${m.machineCpuMsPerRequest ?? '–'} | ${m.cpuBoundRequestsPerSecond ?? '–'} |`,
    ),
  );
  const sums = Object.entries(o.summary as Record<string, Record<string, any>>).flatMap(([q, by]) =>
    Object.entries(by).map(
      ([router, s]) =>
        `| ${q} | ${router} | ${s.overMonolith} | ≥ ${s.target} (${s.met ? 'met' : '**not met**'}) | ${s.extraLatencyP50Ms} | ${s.subgraphFetchesPerRequest} | ${s.extraLatencyPerHopMs ?? '–'} | ${s.subgraphsCpuOverMonolithCpu}×${s.subgraphCpuTarget ? ` (≤ ${s.subgraphCpuTarget}×: ${s.subgraphCpuMet ? 'met' : '**not met**'})` : ''} | ${s.rssOverMonolith}× |`,
    ),
  );
  return `# Federated routers vs monolith (${o.date.slice(0, 16)}Z, ${o.commit})

${o.dataset.persons.toLocaleString('en')} persons; ${o.machine.cpus} × ${o.machine.cpuModel}, load average at the end ${o.machine.loadAverage.join(' / ')}${o.machine.note ? `; ${o.machine.note}` : ''}.
Monolith: \`bench/servers/caregraph.ts\` (as \`npm start\`). **hive**: \`bench/federation-gateway.ts\` — Hive Gateway in one Node process, seven subgraphs in their own processes in signed trust mode (as \`npm run start:federated\`). **grafbase**: \`bench/federation-grafbase.ts\` — Grafbase Gateway (\`grafbase dev\`, Rust) in front of seven subgraph processes in forwarded trust mode (as \`npm run start:federated -- --router grafbase\`).${o.settings.grafbaseMissing ? ` Grafbase left out: ${o.settings.grafbaseMissing}.` : ''} One embedded PostgreSQL for all (max_connections ${o.settings.maxConnections}: ${o.settings.poolMaxPerServer} connections for the monolith, ${o.settings.poolMaxPerSubgraph} per subgraph process).
Load: autocannon in its own process, ${o.settings.warmupSeconds} s warm-up, ${o.settings.rounds} round(s) of ${o.settings.seconds} s at ${o.settings.connections} connections, servers alternating; the median round is reported. Same partner caller (five department roles, purpose CASE_MANAGEMENT, disclosures audited) every way; answers checked identical before timing.

| query | server | req/s (median) | req/s, every round | p50 ms | p95 ms | errors | CPU (router + subgraphs) | router (monolith) CPU ms/req | subgraphs CPU ms/req | RSS MB (peak, all processes) | subgraph fetches/req | PostgreSQL CPU ms/req | machine CPU ms/req | req/s the machine's CPU allows |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

| query | router | req/s over the monolith's | target | extra p50 ms | subgraph fetches per request | extra p50 per hop, ms | subgraphs' CPU / monolith's CPU per request | RSS / monolith's |
|---|---|---|---|---|---|---|---|---|
${sums.join('\n')}

"Per hop" divides the extra p50 latency by the subgraph fetches one request makes (counted one request at a time before timing: Q1 is core, then the departments' entity fetches). CPU is read from /proc per process; the router's is the Hive gateway's Node process or the grafbase binary. RSS is the peak of each process during the round, summed; PostgreSQL (shared) is not included. PostgreSQL CPU is every \`postgres\` process's; machine CPU is /proc/stat's busy time (all processes, the load generator and the kernel included); "req/s the machine's CPU allows" is cores × 1000 / machine CPU ms per request — what this cost per request allows when the CPU is the limit.
`;
}
