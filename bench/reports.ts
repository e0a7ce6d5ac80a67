/**
 * `npm run bench:reports`: report latency at province-slice scale. Seeds BENCH_PERSONS (default
 * 1,000,000) persons into a fresh embedded PostgreSQL, then times a two-dimension report with a
 * cross-department filter through the real HTTP API, with disclosure control on (the leading-group
 * office) and off (an admin, who sees exact counts), alternating run by run so both see the same
 * machine load. Writes bench/results/reports.json and .md.
 */
import fs from 'node:fs';
import os from 'node:os';
import pino from 'pino';
import { departments } from '../src/departments/registry.js';
import { createHub } from '../src/server/hub.js';
import { createCaller } from '../src/auth/api-keys.js';
import { seededBenchDatabase } from './support/bench-database.js';

const persons = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 25);

const REPORTS: Record<string, unknown> = {
  'township × disability grade, 低保 active': {
    groupBy: ['REGION_TOWNSHIP', 'DISABILITY_GRADE'],
    filter: { civilAffairs: { assistanceProgram: ['DIBAO'], assistanceStatus: ['ACTIVE'] } },
  },
  'township × age band, certified disabled without rehab': {
    groupBy: ['REGION_TOWNSHIP', 'AGE_BAND'],
    filter: { disability: { grade: [1, 2, 3, 4], hasRehabService: false } },
  },
  'township × gender, everyone, rehab + family-doctor coverage': {
    groupBy: ['REGION_TOWNSHIP', 'GENDER'],
    rates: ['REHAB_COVERAGE', 'FAMILY_DOCTOR_COVERAGE'],
  },
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const buildStarted = performance.now();
const loadBefore = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
const db = await seededBenchDatabase(persons);
const buildSeconds = (performance.now() - buildStarted) / 1000;
console.log(`dataset: ${persons} persons built in ${buildSeconds.toFixed(1)} s`);
const hub = await createHub({ url: db.url, departments, logger: pino({ level: 'warn' }), jwt: null });
try {
  const office = await createCaller(hub.orm.em, { name: 'bench-office', roles: ['leading-group-office'] });
  const admin = await createCaller(hub.orm.em, { name: 'bench-admin', roles: ['admin'] });
  const url = `${await hub.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
  const headersOf = (key: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-purpose': 'STATISTICS' });
  const modes = { on: headersOf(office.key), off: headersOf(admin.key) };
  type Timing = { p50: number; p95: number; min: number; max: number; rows: number };
  const results: Record<string, { on: Timing; off: Timing }> = {};
  for (const [name, input] of Object.entries(REPORTS)) {
    const body = JSON.stringify({ query: 'query($i: ReportInput!) { report(input: $i) { rows { keys cells { value suppressed } } } }', variables: { i: input } });
    const times = { on: [] as number[], off: [] as number[] };
    const rows = { on: 0, off: 0 };
    for (let i = 0; i < runs + 2; i++) {
      for (const mode of ['on', 'off'] as const) {
        const t0 = performance.now();
        const res = (await (await fetch(url, { method: 'POST', headers: modes[mode], body })).json()) as { errors?: unknown; data: { report: { rows: unknown[] } } };
        const ms = performance.now() - t0;
        if (res.errors) throw new Error(JSON.stringify(res.errors));
        rows[mode] = res.data.report.rows.length;
        if (i >= 2) times[mode].push(ms); // two warm-up runs
      }
    }
    const timing = (mode: 'on' | 'off'): Timing => {
      const t = times[mode].sort((a, b) => a - b);
      return { p50: Math.round(percentile(t, 50)), p95: Math.round(percentile(t, 95)), min: Math.round(t[0]!), max: Math.round(t.at(-1)!), rows: rows[mode] };
    };
    results[name] = { on: timing('on'), off: timing('off') };
    console.log(`${name}: control on p50 ${results[name]!.on.p50} ms (p95 ${results[name]!.on.p95}), off p50 ${results[name]!.off.p50} ms (p95 ${results[name]!.off.p95})`);
  }
  const out = {
    benchmark: 'reports',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    persons,
    datasetBuildSeconds: Number(buildSeconds.toFixed(1)),
    runsPerReport: runs,
    results,
    target: 'p50 ≤ 300 ms at 1M persons',
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/reports.json', `${JSON.stringify(out, null, 2)}\n`);
  const lines = Object.entries(results).map(
    ([n, r]) => `| ${n} | ${r.on.p50} | ${r.on.p95} | ${r.off.p50} | ${r.off.p95} | ${r.on.p50 - r.off.p50 >= 0 ? '+' : ''}${r.on.p50 - r.off.p50} | ${r.on.rows} |`,
  );
  fs.writeFileSync(
    'bench/results/reports.md',
    `# Report latency (${out.date.slice(0, 10)})\n\n${persons.toLocaleString('en')} persons (dataset built in ${out.datasetBuildSeconds} s); ${runs} timed runs each after 2 warm-ups, over HTTP, disclosure control on (leading-group office: cell keys in the statement, suppression, rounding) and off (admin, exact counts), alternating; ${out.machine.cpus} × ${out.machine.cpuModel}, Node ${out.machine.node}; load average before ${loadBefore}.\n\n| report | on p50 ms | on p95 | off p50 ms | off p95 | cost of the control (p50) | rows |\n|---|---|---|---|---|---|---|\n${lines.join('\n')}\n\nTarget: p50 ≤ 300 ms at 1M persons.\n`,
  );
} finally {
  await hub.close();
  await db.dispose();
}
