/**
 * `npx tsx bench/federation-fetch-cpu.ts` (issue #28): the fixed cost of one subgraph fetch behind
 * a native router, before and after a change, on one machine at one time. Starts one process tree
 * per FETCH_TREES entry (`name=root`, default `after=.`; e.g. `before=/tmp/cg-before,after=.` with
 * /tmp/cg-before a `git archive` of the commit before, node_modules linked): the seven subgraphs of
 * that checkout in forwarded trust mode and Grafbase Gateway in front, as bench/federation-grafbase.ts
 * does, all on the reusable dataset (BENCH_PERSONS, default 20,000). Then it alternates the trees,
 * FETCH_ROUNDS rounds (default 4) of FETCH_REQUESTS Q1s (default 300) from FETCH_CONCURRENCY loops
 * (default 4), each with its own x-request-id as a router's ingress sets it, and prints per tree and
 * round: subgraph CPU ms per Q1 (from /proc), subgraph fetches per Q1 (counted in the subgraphs),
 * CPU ms per fetch, and the router's CPU per Q1. Compare CPU, not req/s: the machine is shared.
 * FETCH_LOG=1 writes the first bodies each subgraph receives to /tmp/caregraph-fetch-log.<pid>;
 * PROFILE_CPU=1 runs the last tree's subgraphs with --cpu-prof and prints the top self time of
 * FETCH_PROFILE_SUBGRAPH (default health).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { reusableDataset } from './support/reusable-dataset.js';
import { CLOCK_TICKS, cpuTicks } from './support/process-sampler.js';
import { CAREGRAPH, q2Filter } from './support/comparison-queries.js';
import { pickComparisonSubjects } from './support/subjects.js';
import { initOrm } from '../src/db/orm.js';
import { createCaller } from '../src/auth/api-keys.js';
import { departments } from '../src/departments/registry.js';

const persons = Number(process.env.BENCH_PERSONS ?? 20_000);
const rounds = Number(process.env.FETCH_ROUNDS ?? 4);
const requests = Number(process.env.FETCH_REQUESTS ?? 300);
const warmup = Number(process.env.FETCH_WARMUP ?? 60);
const concurrency = Number(process.env.FETCH_CONCURRENCY ?? 4);
/** FETCH_QUERY=Q2: the comparison's Q2 instead of Q1 (the figures are then per Q2). */
const query = process.env.FETCH_QUERY === 'Q2' ? 'Q2' : 'Q1';
const profile = process.env.PROFILE_CPU === '1';
const profileSubgraph = process.env.FETCH_PROFILE_SUBGRAPH ?? 'health';
const profileDir = '/tmp/caregraph-fetch-profiles';
const treeSpecs = (process.env.FETCH_TREES ?? 'after=.').split(',').map((s) => {
  const [name, root] = s.split('=');
  return { name: name!, root: path.resolve(root!) };
});

interface Tree {
  name: string;
  url: string;
  routerPid: number;
  subgraphPids: Record<string, number>;
  countDir: string;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function startTree(name: string, root: string, index: number, databaseUrl: string, withProfile: boolean): Promise<Tree> {
  const load = (file: string) => import(path.join(root, file));
  const { startSubgraphProcesses } = await load('src/federation/subgraph-processes.ts');
  const { grafbaseBinary, startGrafbaseRouter } = await load('src/federation/routers/grafbase.ts');
  const { fieldOwnership } = await load('src/federation/ownership.ts');
  const { allSubgraphDocuments } = await load('src/federation/subgraph-schema.ts');
  const { departments: rootDepartments } = await load('src/departments/registry.ts');
  const binary = grafbaseBinary();
  if ('missing' in binary) throw new Error(binary.missing);
  const countDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-fetch-count-'));
  const cpuArgs = withProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const subgraphs = await startSubgraphProcesses({
    names: fieldOwnership(rootDepartments).subgraphs,
    firstPort: 4801 + index * 10,
    databaseUrl,
    secret: '',
    logger: pino({ level: 'warn' }),
    healthyTimeoutMs: 300_000,
    env: {
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      CAREGRAPH_SUBGRAPH_TRUST: 'forwarded',
      CAREGRAPH_SUBGRAPH_POOL_MAX: '5',
      BENCH_FETCH_COUNT_DIR: countDir,
      ...(process.env.FETCH_LOG === '1' ? { BENCH_FETCH_LOG: `/tmp/caregraph-fetch-log-${name}`, BENCH_SQL_LOG: `/tmp/caregraph-sql-log-${name}`, BENCH_FETCH_LOG_MAX: process.env.FETCH_LOG_MAX ?? '12' } : {}),
    },
    nodeArgs: [...cpuArgs, '--import', path.resolve('bench/subgraph-fetch-log.mjs')],
  });
  const router = await startGrafbaseRouter({ binary: binary.path, documents: allSubgraphDocuments(rootDepartments), urls: subgraphs.urls, port: await freePort() });
  return {
    name,
    url: router.url,
    routerPid: router.pid,
    subgraphPids: subgraphs.pids,
    countDir,
    async stop() {
      await Promise.all([router.stop().catch(() => {}), subgraphs.stop().catch(() => {})]);
      fs.rmSync(countDir, { recursive: true, force: true });
    },
  };
}

async function fetchCount(tree: Tree): Promise<number> {
  const pids = Object.values(tree.subgraphPids);
  const file = (pid: number) => path.join(tree.countDir, String(pid));
  pids.forEach((pid) => fs.rmSync(file(pid), { force: true }));
  pids.forEach((pid) => process.kill(pid, 'SIGUSR2'));
  const deadline = Date.now() + 5_000;
  while (pids.some((pid) => !fs.existsSync(file(pid))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return pids.reduce((sum, pid) => sum + Number(fs.readFileSync(file(pid), 'utf8')), 0);
}

const dataset = await reusableDataset(persons);
const admin = new pg.Client({ connectionString: dataset.url });
await admin.connect();
const trees: Tree[] = [];
// Profiles cover the whole process life: only samples from the timed rounds on are summarised.
let profiledSpawnAt = 0;
let timedFrom = 0;
if (profile) fs.rmSync(profileDir, { recursive: true, force: true });
try {
  const { q1IdNumber, township } = await pickComparisonSubjects(admin);
  const orm = await initOrm({ url: dataset.url, departments, poolMax: 1 });
  const key = (await createCaller(orm.em.fork(), { name: `fetch-cpu-${Date.now()}`, roles: departments.map((d) => d.code) })).key;
  await orm.close(true);
  for (const [i, spec] of treeSpecs.entries()) {
    if (i === treeSpecs.length - 1) profiledSpawnAt = Date.now();
    trees.push(await startTree(spec.name, spec.root, i, dataset.url, profile && i === treeSpecs.length - 1));
  }
  const body = JSON.stringify(query === 'Q2' ? { operationName: 'Q2', query: CAREGRAPH.Q2, variables: { filter: q2Filter(township) } } : { operationName: 'Q1', query: CAREGRAPH.Q1, variables: { idNumber: q1IdNumber } });
  let n = 0;
  const answers = new Map<string, string>();
  const send = async (tree: Tree) => {
    const text = await fetch(tree.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-purpose': 'CASE_MANAGEMENT', 'x-request-id': `fetch-cpu-${tree.name}-${n++}` }, body }).then((r) => r.text());
    if (text.includes('"errors"')) throw new Error(`${tree.name}: ${text.slice(0, 400)}`);
    if (!answers.has(tree.name)) answers.set(tree.name, JSON.stringify(JSON.parse(text)));
  };
  const run = async (tree: Tree, count: number) => {
    let sent = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent < count) {
          sent++;
          await send(tree);
        }
      }),
    );
  };
  for (const tree of trees) await run(tree, warmup);
  const first = answers.get(trees[0]!.name);
  for (const tree of trees) if (answers.get(tree.name) !== first) throw new Error(`${tree.name} answers differently from ${trees[0]!.name}`);
  console.log(`${query} through Grafbase, ${persons} persons, ${requests} ${query}s × ${rounds} rounds from ${concurrency} loops; identical answers from ${trees.map((t) => t.name).join(', ')}; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  // What the processes spend with no request at all (timers, pools, the router's own traffic): it is in every per-Q1 figure below.
  for (const tree of trees) {
    const pids = [tree.routerPid, ...Object.values(tree.subgraphPids)];
    const before = pids.map((pid) => cpuTicks(pid));
    await new Promise((r) => setTimeout(r, 5_000));
    const idle = pids.map((pid, i) => (((cpuTicks(pid) - before[i]!) / CLOCK_TICKS) * 1000) / 5);
    console.log(`${tree.name} idle: router ${idle[0]!.toFixed(1)} ms CPU/s, subgraphs ${idle.slice(1).map((v) => v.toFixed(1)).join(' / ')} ms CPU/s`);
  }
  timedFrom = Date.now();
  const totals = new Map<string, { ms: number; fetches: number; router: number; rounds: number }>();
  for (let round = 1; round <= rounds; round++) {
    for (const tree of round % 2 ? trees : [...trees].reverse()) {
      const pids = Object.entries(tree.subgraphPids);
      const before = Object.fromEntries(pids.map(([s, pid]) => [s, cpuTicks(pid)]));
      const routerBefore = cpuTicks(tree.routerPid);
      const fetchesBefore = await fetchCount(tree);
      const started = performance.now();
      await run(tree, requests);
      const wall = performance.now() - started;
      const fetches = (await fetchCount(tree)) - fetchesBefore;
      const ms = (ticks: number) => ((ticks / CLOCK_TICKS) * 1000) / requests;
      const per = Object.fromEntries(pids.map(([s, pid]) => [s, Number(ms(cpuTicks(pid) - before[s]!).toFixed(2))]));
      const sum = Object.values(per).reduce((a, b) => a + b, 0);
      const router = ms(cpuTicks(tree.routerPid) - routerBefore);
      const t = totals.get(tree.name) ?? { ms: 0, fetches: 0, router: 0, rounds: 0 };
      totals.set(tree.name, { ms: t.ms + sum, fetches: t.fetches + fetches / requests, router: t.router + router, rounds: t.rounds + 1 });
      console.log(
        `round ${round} ${tree.name.padEnd(7)} ${(requests / (wall / 1000)).toFixed(1).padStart(6)} req/s  subgraphs ${sum.toFixed(2)} ms CPU/Q1  ${(fetches / requests).toFixed(2)} fetches/Q1  ${(sum / (fetches / requests)).toFixed(3)} ms CPU/fetch  router ${router.toFixed(2)} ms/Q1  ${JSON.stringify(per)}  load ${os.loadavg()[0]!.toFixed(2)}`,
      );
    }
  }
  for (const [name, t] of totals) console.log(`${name}: mean subgraph CPU ${(t.ms / t.rounds).toFixed(2)} ms/Q1, ${(t.fetches / t.rounds).toFixed(2)} fetches/Q1, ${(t.ms / t.fetches).toFixed(3)} ms CPU/fetch, router ${(t.router / t.rounds).toFixed(2)} ms/Q1`);
} finally {
  for (const tree of trees) await tree.stop();
  await admin.end();
  await dataset.stop();
}
if (profile) {
  await new Promise((r) => setTimeout(r, 3000));
  const last = trees.at(-1)!;
  const pid = last.subgraphPids[profileSubgraph];
  for (const file of fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile') && f.includes(`.${pid}.`))) {
    const prof = JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8')) as { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples: number[]; timeDeltas: number[] };
    const byId = new Map(prof.nodes.map((node) => [node.id, node]));
    const self = new Map<string, number>();
    const byPackage = new Map<string, number>();
    let total = 0;
    let at = 0;
    const skip = (timedFrom - profiledSpawnAt) * 1000;
    prof.samples.forEach((id, i) => {
      const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
      const dt = prof.timeDeltas[i] ?? 0;
      at += dt;
      if (at < skip) return;
      total += dt;
      const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '')}:${lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + dt);
      const pkg = url.includes('node_modules/') ? url.replace(/^.*node_modules\//, '').split('/').slice(0, url.includes('node_modules/@') ? 2 : 1).join('/') : url.startsWith('node:') ? url : url ? url.replace(/^file:\/\/\/work\/main\//, '') : functionName;
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
    });
    const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${name}`).join('\n');
    console.log(`\n=== ${profileSubgraph} (${file}): ${(total / 1e6).toFixed(1)} s sampled\n${top(byPackage, 30)}\n--\n${top(self, 40)}`);
  }
}
process.exit(0);
