/**
 * `npx tsx bench/subgraph-http.ts` (issue #28): what the subgraph's HTTP path costs per `_entities`
 * fetch — Apollo Server over Fastify (`CAREGRAPH_SUBGRAPH_HTTP=apollo`, the path before) against
 * the lean POST handler (`lean`, the default; src/federation/lean-graphql-handler.ts) — on the
 * same dataset, same subgraph processes as `npm run start:federated` runs them, same fetches as
 * Q1 makes (core: a household's persons; education: their department part), signed trust.
 * Answers are checked identical first. Prints and writes bench/results/subgraph-http.{json,md}:
 * req/s, p50, and CPU milliseconds per fetch of the subgraph process (from /proc, not sampled).
 * BENCH_PERSONS (default 20,000), BENCH_SECONDS (10), BENCH_CONNECTIONS (8), BENCH_ROUNDS (2).
 */
import { runLoadWorker } from './support/load.js';
import { runInfo } from './support/run-info.js';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import pino from 'pino';
import { reusableDataset } from './support/reusable-dataset.js';
import { cpuTicks, CLOCK_TICKS } from './support/process-sampler.js';
import { startSubgraphProcesses, type SubgraphProcesses } from '../src/federation/subgraph-processes.js';
import { INTERNAL_HEADER, signClaims } from '../src/federation/internal-token.js';
import { grantsFor } from '../src/auth/grants.js';

const persons = Number(process.env.BENCH_PERSONS ?? 20_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
type Path = 'apollo' | 'lean';
const PATHS: Path[] = ['apollo', 'lean'];
const SUBGRAPHS = ['core', 'education'] as const;

const dataset = await reusableDataset(persons);
const started: Partial<Record<Path, SubgraphProcesses>> = {};
const admin = new pg.Client({ connectionString: dataset.url });
try {
  await admin.connect();
  const { rows } = await admin.query<{ id: string }>(
    `select id::text from core.person where household_id = (select household_id from core.person group by household_id having count(*) >= 5 order by household_id limit 1) order by id`,
  );
  const representations = rows.map((r) => ({ __typename: 'Person', id: r.id }));
  const queries: Record<(typeof SUBGRAPHS)[number], string> = {
    core: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name gender age idNumber phone household { id householdNumber } } } }`,
    education: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { education { enrolments { stage status leftBehind } teacherPairings { teacherName } } } } }`,
  };
  const secret = randomBytes(32).toString('hex');
  const caller = { ...grantsFor(['admin']), id: 'bench', name: 'bench', kind: 'system' as const, roles: ['admin'], regionPrefix: null };
  // Signed once for the whole run (the bench's own secret): signing per request is the gateway's cost, not the subgraph's.
  const headersFor = (subgraph: string) => ({
    [INTERNAL_HEADER]: signClaims(secret, { caller, purpose: 'CASE_MANAGEMENT', requestId: 'bench-subgraph-http', operationName: 'Q1', audience: subgraph, expires: Math.floor(Date.now() / 1000) + 3600 }),
  });
  const body = (subgraph: (typeof SUBGRAPHS)[number]) => JSON.stringify({ query: queries[subgraph], variables: { r: representations } });
  for (const [i, p] of PATHS.entries()) {
    started[p] = await startSubgraphProcesses({ names: SUBGRAPHS, firstPort: 4701 + i * 10, databaseUrl: dataset.url, secret, logger: pino({ level: 'warn' }), env: { LOG_LEVEL: 'warn', NODE_ENV: 'production', CAREGRAPH_SUBGRAPH_HTTP: p } });
  }
  for (const subgraph of SUBGRAPHS) {
    const answers = await Promise.all(PATHS.map(async (p) => (await fetch(started[p]!.urls[subgraph]!, { method: 'POST', headers: { 'content-type': 'application/json', ...headersFor(subgraph) }, body: body(subgraph) })).text()));
    if (JSON.stringify(JSON.parse(answers[0]!)) !== JSON.stringify(JSON.parse(answers[1]!))) throw new Error(`${subgraph}: the answers differ:\n${answers.join('\n')}`);
    if (answers[0]!.includes('"errors"')) throw new Error(`${subgraph}: errors in the answer: ${answers[0]!.slice(0, 400)}`);
    console.log(`${subgraph}: identical answers both ways (${answers[0]!.length} bytes, ${representations.length} persons)`);
  }

  const load = (url: string, subgraph: string, secs: number) => runLoadWorker({ url, body: body(subgraph as 'core'), headers: headersFor(subgraph), connections, seconds: secs });
  const results: Record<string, Record<Path, any>> = {};
  for (const subgraph of SUBGRAPHS) {
    const runs: Record<Path, any[]> = { apollo: [], lean: [] };
    for (let round = 1; round <= rounds; round++) {
      for (const p of PATHS) {
        const pid = started[p]!.pids[subgraph]!;
        if (round === 1) await load(started[p]!.urls[subgraph]!, subgraph, 3); // warm-up: JIT compiled, pools open
        const before = cpuTicks(pid);
        const r = await load(started[p]!.urls[subgraph]!, subgraph, seconds);
        const cpuMsPerFetch = r.completed ? Number((((cpuTicks(pid) - before) / CLOCK_TICKS) * 1000 / r.completed).toFixed(3)) : null;
        runs[p].push({ ...r, cpuMsPerFetch });
        console.log(`${subgraph.padEnd(9)} ${p.padEnd(6)} round ${round}/${rounds}: ${String(r.requestsPerSecond).padStart(8)} req/s  p50 ${r.latencyMs.p50} ms  CPU ${cpuMsPerFetch} ms/fetch  errors ${r.errors + r.non2xx}`);
      }
    }
    const median = (list: any[]) => [...list].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor((list.length - 1) / 2)];
    results[subgraph] = { apollo: median(runs.apollo), lean: median(runs.lean) };
  }
  const out = {
    ...runInfo('subgraph-http-apollo-vs-lean'),
    settings: { persons, seconds, connections, rounds, personsPerFetch: representations.length },
    results,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/subgraph-http.json', `${JSON.stringify(out, null, 2)}\n`);
  const lines = SUBGRAPHS.flatMap((s) => PATHS.map((p) => `| ${s} | ${p} | ${results[s]![p].requestsPerSecond} | ${results[s]![p].latencyMs.p50} | ${results[s]![p].cpuMsPerFetch} |`));
  fs.writeFileSync(
    'bench/results/subgraph-http.md',
    `# Subgraph HTTP path: Apollo Server vs lean handler (${out.date.slice(0, 16)}Z, ${out.commit})\n\n${persons.toLocaleString('en')} persons; ${out.machine.cpus} × ${out.machine.cpuModel}, load ${out.machine.loadAverage.join(' / ')}. One \`_entities\` fetch of ${representations.length} persons (one household, as Q1), ${connections} connections, ${rounds} round(s) of ${seconds} s, median round.\n\n| subgraph | path | req/s | p50 ms | subgraph CPU ms per fetch |\n|---|---|---|---|---|\n${lines.join('\n')}\n`,
  );
  console.log('wrote bench/results/subgraph-http.md and .json');
} finally {
  for (const s of Object.values(started)) await s?.stop().catch(() => {});
  await admin.end().catch(() => {});
  await dataset.stop();
}
process.exit(0);
