/**
 * `npx tsx bench/encryption-ab.ts <encrypted dataset dir> <clear dataset dir>`: what field
 * encryption costs Q1 and Q2 (#27), measured alternately. Separate `npm run bench` runs in each mode
 * drift ±30% between runs on this shared 2-core machine, more than the cost being measured; here
 * both datasets (the same generated county, built once with CAREGRAPH_FIELD_ENCRYPTION on and once
 * off by `npm run bench` / `bench/profile.ts`, folders under bench/.data/) run side by side, each
 * with its own embedded PostgreSQL and CareGraph server, and the load alternates between them round
 * by round: on, off, on, off … Writes bench/results/encryption.json and .md.
 */
import { runLoadWorker } from './support/load.js';
import './support/bench-audit-key.js';
import fs from 'node:fs';
import { statementStats } from './support/statement-stats.js';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/db/embedded-database.js';
import { CAREGRAPH_NODE_ARGS, startServer, type ServerProcess } from './support/server-process.js';
import { CLOCK_TICKS, postgresTicks, sampleProcess } from './support/process-sampler.js';
import { CAREGRAPH, q2Filter } from './support/comparison-queries.js';
import { pickComparisonSubjects } from './support/subjects.js';

const [onDir, offDir] = process.argv.slice(2).map((d) => path.resolve(d));
if (!onDir || !offDir) throw new Error('usage: npx tsx bench/encryption-ab.ts <encrypted dataset dir> <clear dataset dir>');
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const queries = (process.env.BENCH_QUERIES ?? 'Q1,Q2').split(',') as Array<'Q1' | 'Q2'>;
/** BENCH_PG_STATEMENTS=1: per-statement calls, time and buffers per request from pg_stat_statements, each mode's last round. */
const statements = process.env.BENCH_PG_STATEMENTS === '1';
const statementOptions = statements ? ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track_planning=on', 'track_io_timing=on'] : [];
type Mode = 'on' | 'off';
const MODES: Mode[] = ['on', 'off'];

/** CPU ticks of a cluster: its postmaster and every process it started (backends, autovacuum, WAL writer …), dead ones' included. */
const clusterTicks = (dataDir: string) => postgresTicks(Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]));

const statementReport: Record<string, string[]> = {};

const databases: EmbeddedDatabase[] = [];
const servers: ServerProcess[] = [];
try {
  const open = (dir: string) => startEmbeddedDatabase({ dataDir: path.join(dir, 'pg'), fast: true, serverOptions: statementOptions });
  const db = { on: await open(onDir), off: await open(offDir) };
  databases.push(db.on, db.off);
  // The same generated county in both: the subjects are picked once, from the encrypted one (opened with the bench keys).
  const admin = new pg.Client({ connectionString: db.on.url });
  await admin.connect();
  const { q1IdNumber, township } = await pickComparisonSubjects(admin);
  await admin.end();
  const env = (mode: Mode) => ({ DATABASE_URL: db[mode].url, POOL_MAX: '10', NODE_ENV: 'production', CAREGRAPH_FIELD_ENCRYPTION: mode });
  const started = { on: await startServer('caregraph-on', process.execPath, [...CAREGRAPH_NODE_ARGS, 'bench/servers/caregraph.ts'], env('on')) } as Record<Mode, ServerProcess>;
  started.off = await startServer('caregraph-off', process.execPath, [...CAREGRAPH_NODE_ARGS, 'bench/servers/caregraph.ts'], env('off'));
  servers.push(started.on, started.off);
  const request = (mode: Mode, query: 'Q1' | 'Q2') => ({
    url: started[mode].url,
    body: JSON.stringify({ operationName: query, query: CAREGRAPH[query], variables: query === 'Q1' ? { idNumber: q1IdNumber } : { filter: q2Filter(township) } }),
    headers: { authorization: `Bearer ${(JSON.parse(started[mode].extra) as { partner: string }).partner}`, 'x-purpose': 'CASE_MANAGEMENT' },
  });
  // Same answers both ways, or the comparison is meaningless.
  for (const query of queries) {
    const [a, b] = await Promise.all(MODES.map(async (m) => {
      const r = request(m, query);
      return (await fetch(r.url, { method: 'POST', headers: { 'content-type': 'application/json', ...r.headers }, body: r.body })).text();
    }));
    if (a !== b || a!.includes('"errors"')) throw new Error(`${query}: the encrypted and clear hubs answer differently:\n${a!.slice(0, 400)}\n${b!.slice(0, 400)}`);
  }
  const runLoad = (mode: Mode, query: 'Q1' | 'Q2', secs: number) => runLoadWorker({ ...request(mode, query), connections, seconds: secs });
  const results: Record<string, Record<Mode, Array<{ rps: number; p50: number; cpuMsPerRequest: number; pgCpuMsPerRequest: number }>>> = {};
  const dirOf = { on: onDir, off: offDir };
  for (const query of queries) {
    results[query] = { on: [], off: [] };
    for (const mode of MODES) await runLoad(mode, query, 5);
    for (let round = 1; round <= rounds; round++) {
      // Alternate which mode goes first, so neither always follows the other.
      for (const mode of round % 2 ? MODES : [...MODES].reverse()) {
        if (statements) await statementStats(db[mode].url, 'reset');
        const sampler = sampleProcess(started[mode].pid);
        const pgBefore = clusterTicks(dirOf[mode]);
        const r = await runLoad(mode, query, seconds);
        const usage = sampler.stop();
        const completed = Math.max(1, r.completed);
        const cpuMsPerRequest = Number(((usage.cpuPercent / 100) * seconds * 1000 / completed).toFixed(2));
        const pgCpuMsPerRequest = Number((((clusterTicks(dirOf[mode]) - pgBefore) / CLOCK_TICKS) * 1000 / completed).toFixed(2));
        results[query]![mode].push({ rps: r.requestsPerSecond, p50: r.latencyMs.p50, cpuMsPerRequest, pgCpuMsPerRequest });
        if (statements) statementReport[`${query} ${mode}`] = await statementStats(db[mode].url, 'read', completed);
        console.log(`${query} encryption ${mode.padEnd(3)} round ${round}/${rounds} ${String(r.requestsPerSecond).padStart(8)} req/s  p50 ${r.latencyMs.p50} ms  server CPU ${cpuMsPerRequest} ms/req  PostgreSQL CPU ${pgCpuMsPerRequest} ms/req  errors ${r.errors + r.non2xx}`);
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  const rows = queries.map((q) => {
    const on = results[q]!.on;
    const off = results[q]!.off;
    const ratio = on.map((r, i) => r.rps / off[i]!.rps);
    return { query: q, onRps: median(on.map((r) => r.rps)), offRps: median(off.map((r) => r.rps)), ratioMedian: Number(median(ratio).toFixed(3)), ratios: ratio.map((x) => Number(x.toFixed(3))), onCpu: median(on.map((r) => r.cpuMsPerRequest)), offCpu: median(off.map((r) => r.cpuMsPerRequest)), onP50: median(on.map((r) => r.p50)), offP50: median(off.map((r) => r.p50)), onPg: median(on.map((r) => r.pgCpuMsPerRequest)), offPg: median(off.map((r) => r.pgCpuMsPerRequest)) };
  });
  const out = { benchmark: 'encryption-ab', date: new Date().toISOString(), machine: { cpus: os.cpus().length, loadAverageAtEnd: os.loadavg() }, datasets: { on: onDir, off: offDir }, seconds, rounds, connections, results, rows };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/encryption.json', `${JSON.stringify(out, null, 1)}\n`);
  const md = [
    `# Field encryption on vs off, alternating (${out.date.slice(0, 16)}Z)`,
    '',
    `\`npx tsx bench/encryption-ab.ts ${path.relative(process.cwd(), onDir)} ${path.relative(process.cwd(), offDir)}\` — ${rounds} rounds of ${seconds} s at ${connections} connections per mode, alternating; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}.`,
    '',
    '| query | on req/s (median) | off req/s (median) | on / off (median of rounds) | every round on/off | on p50 ms | off p50 ms | CareGraph CPU ms/req on | off | PostgreSQL CPU ms/req on | off |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.query} | ${r.onRps} | ${r.offRps} | **${r.ratioMedian}** | ${r.ratios.join(' / ')} | ${r.onP50} | ${r.offP50} | ${r.onCpu} | ${r.offCpu} | ${r.onPg} | ${r.offPg} |`),
    '',
  ].join('\n');
  fs.writeFileSync('bench/results/encryption.md', md);
  for (const [key, lines] of Object.entries(statementReport)) console.log(`\n${key}, last round, per request:\n${lines.join('\n')}`);
  console.log(md);
} finally {
  for (const s of servers) await s.stop().catch(() => {});
  for (const d of databases) await d.stop().catch(() => {});
}
