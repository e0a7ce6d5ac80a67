/**
 * `npm run bench:reports`: report latency at province-slice scale. Seeds BENCH_PERSONS (default
 * 1,000,000) persons into a fresh embedded PostgreSQL, then times a two-dimension report with a
 * cross-department filter through the real HTTP API (leading-group caller, suppression on).
 * Writes bench/results/reports.json and .md.
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
const db = await seededBenchDatabase(persons);
const buildSeconds = (performance.now() - buildStarted) / 1000;
console.log(`dataset: ${persons} persons built in ${buildSeconds.toFixed(1)} s`);
const hub = await createHub({ url: db.url, departments, logger: pino({ level: 'warn' }), jwt: null });
try {
  const { key } = await createCaller(hub.orm.em, { name: 'bench-office', roles: ['leading-group-office'] });
  const url = `${await hub.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-purpose': 'STATISTICS' };
  const results: Record<string, { p50: number; p95: number; min: number; max: number; rows: number }> = {};
  for (const [name, input] of Object.entries(REPORTS)) {
    const body = JSON.stringify({ query: 'query($i: ReportInput!) { report(input: $i) { rows { keys cells { value suppressed } } } }', variables: { i: input } });
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs + 2; i++) {
      const t0 = performance.now();
      const res = (await (await fetch(url, { method: 'POST', headers, body })).json()) as { errors?: unknown; data: { report: { rows: unknown[] } } };
      const ms = performance.now() - t0;
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      rows = res.data.report.rows.length;
      if (i >= 2) times.push(ms); // two warm-up runs
    }
    times.sort((a, b) => a - b);
    results[name] = { p50: Math.round(percentile(times, 50)), p95: Math.round(percentile(times, 95)), min: Math.round(times[0]!), max: Math.round(times.at(-1)!), rows };
    console.log(`${name}: p50 ${results[name]!.p50} ms, p95 ${results[name]!.p95} ms (${rows} rows)`);
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
  const lines = Object.entries(results).map(([n, r]) => `| ${n} | ${r.p50} | ${r.p95} | ${r.min} | ${r.max} | ${r.rows} |`);
  fs.writeFileSync(
    'bench/results/reports.md',
    `# Report latency (${out.date.slice(0, 10)})\n\n${persons.toLocaleString('en')} persons (dataset built in ${out.datasetBuildSeconds} s); ${runs} timed runs each after 2 warm-ups, over HTTP as the leading-group office (suppression on); ${out.machine.cpus} × ${out.machine.cpuModel}, Node ${out.machine.node}.\n\n| report | p50 ms | p95 ms | min | max | rows |\n|---|---|---|---|---|---|\n${lines.join('\n')}\n\nTarget: p50 ≤ 300 ms at 1M persons.\n`,
  );
} finally {
  await hub.close();
  await db.dispose();
}
