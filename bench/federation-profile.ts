/**
 * `npx tsx bench/federation-profile.ts`: where the federated path's CPU goes. Starts
 * bench/federation-gateway.ts (gateway + seven subgraph processes) on the reusable dataset
 * (BENCH_PERSONS, default 100,000), sends PROFILE_QUERY (Q1 or Q2) from PROFILE_CONCURRENCY loops
 * (default 16) — PROFILE_WARMUP requests, then PROFILE_REQUESTS timed — and prints the CPU per
 * request of the gateway and of each subgraph, and the subgraph fetches per request. With
 * PROFILE_CPU=1 every process runs with --cpu-prof (profiles in PROFILE_DIR, default
 * /tmp/federation-profiles) and the top self-time functions of the gateway and of core are printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { reusableDataset } from './support/reusable-dataset.js';
import { CAREGRAPH_NODE_ARGS, startServer } from './support/server-process.js';
import { CLOCK_TICKS, cpuTicks } from './support/process-sampler.js';
import { CAREGRAPH, q2Filter } from './support/comparison-queries.js';
import { pickComparisonSubjects } from './support/subjects.js';
import { initOrm } from '../src/db/orm.js';
import { createCaller } from '../src/auth/api-keys.js';
import { departments } from '../src/departments/registry.js';

const persons = Number(process.env.BENCH_PERSONS ?? 100_000);
const query = (process.env.PROFILE_QUERY ?? 'Q1') as 'Q1' | 'Q2';
const warmup = Number(process.env.PROFILE_WARMUP ?? 100);
const requests = Number(process.env.PROFILE_REQUESTS ?? 600);
const concurrency = Number(process.env.PROFILE_CONCURRENCY ?? 16);
const profileDir = path.resolve(process.env.PROFILE_DIR ?? '/tmp/federation-profiles');
const cpu = process.env.PROFILE_CPU === '1';

const dataset = await reusableDataset(persons);
const admin = new pg.Client({ connectionString: dataset.url });
await admin.connect();
if (cpu) fs.rmSync(profileDir, { recursive: true, force: true });
const env: Record<string, string> = { DATABASE_URL: dataset.url, NODE_ENV: 'production', POOL_MAX: '10' };
const cpuArgs = cpu ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
if (cpu) env.BENCH_SUBGRAPH_NODE_ARGS = cpuArgs.join(' ');
const server = await startServer('gateway', process.execPath, [...cpuArgs, ...CAREGRAPH_NODE_ARGS, 'bench/federation-gateway.ts'], env);
try {
  const subgraphPids = (JSON.parse(server.extra) as { subgraphPids: Record<string, number> }).subgraphPids;
  const { q1IdNumber, township } = await pickComparisonSubjects(admin);
  const orm = await initOrm({ url: dataset.url, departments, poolMax: 1 });
  const partnerKey = (await createCaller(orm.em.fork(), { name: `profile-partner-${Date.now()}`, roles: departments.map((d) => d.code) })).key;
  await orm.close(true);
  const variables = query === 'Q1' ? { idNumber: q1IdNumber } : { filter: q2Filter(township) };
  const body = JSON.stringify({ operationName: query, query: CAREGRAPH[query], variables });
  const send = async () => {
    const text = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${partnerKey}`, 'x-purpose': 'CASE_MANAGEMENT' }, body }).then((r) => r.text());
    if (text.includes('"errors"')) throw new Error(text.slice(0, 400));
  };
  let sent = 0;
  const run = async (n: number) => {
    sent = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent < n) {
          sent++;
          await send();
        }
      }),
    );
  };
  await run(warmup);
  const fetchCount = async () => ((await (await fetch(server.url.replace(/\/graphql$/, '/bench/fetches'))).json()) as { fetches: number }).fetches;
  const fetchesBefore = await fetchCount();
  const before = { gateway: cpuTicks(server.pid), ...Object.fromEntries(Object.entries(subgraphPids).map(([n, pid]) => [n, cpuTicks(pid)])) } as Record<string, number>;
  const started = performance.now();
  await run(requests);
  const wall = performance.now() - started;
  const fetches = (await fetchCount()) - fetchesBefore;
  const ms = (ticks: number) => Number((((ticks / CLOCK_TICKS) * 1000) / requests).toFixed(2));
  const perRequest = { gateway: ms(cpuTicks(server.pid) - before.gateway!), ...Object.fromEntries(Object.entries(subgraphPids).map(([n, pid]) => [n, ms(cpuTicks(pid) - before[n]!)])) } as Record<string, number>;
  const subgraphTotal = Object.entries(perRequest).filter(([n]) => n !== 'gateway').reduce((s, [, v]) => s + v, 0);
  console.log(`${query}: ${(requests / (wall / 1000)).toFixed(1)} req/s at ${concurrency} at once, ${requests} requests, ${(fetches / requests).toFixed(2)} subgraph fetches/request`);
  console.log(`CPU ms per request: ${JSON.stringify(perRequest)}; subgraphs together ${subgraphTotal.toFixed(2)}`);
} finally {
  await server.stop();
  await admin.end();
  await dataset.stop();
}
if (cpu) {
  // Give the children a moment to write their profiles, then summarize each by self time.
  await new Promise((r) => setTimeout(r, 3000));
  for (const file of fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8')) as {
      nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
      samples: number[];
      timeDeltas: number[];
    };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    const byPackage = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const node = byId.get(id)!;
      const dt = profile.timeDeltas[i] ?? 0;
      total += dt;
      const { functionName, url, lineNumber } = node.callFrame;
      const short = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '');
      const key = `${functionName || '(anonymous)'} ${short}:${lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + dt);
      const pkg = url.includes('node_modules/') ? url.replace(/^.*node_modules\//, '').split('/').slice(0, url.includes('node_modules/@') ? 2 : 1).join('/') : url.startsWith('node:') ? 'node:' + url.slice(5).split('/')[0] : url ? 'caregraph' : functionName;
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
    });
    const busy = total - (self.get('(idle) :-1') ?? 0);
    if (busy < 3e6) continue;
    console.log(`\n=== ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy`);
    const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n');
    console.log(top(byPackage, 15));
    console.log('--');
    console.log(top(self, 25));
  }
}
process.exit(0);
