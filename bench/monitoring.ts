/**
 * `npm run bench:monitoring`: a full monitoring run at province-slice scale. Seeds BENCH_PERSONS
 * (default 1,000,000) persons into a fresh embedded PostgreSQL (bench/support/bench-database.ts),
 * then times two runs of every rule: the first creates all warnings, the second re-runs over
 * unchanged data (the steady state of a nightly schedule). Writes bench/results/monitoring.json and .md.
 */
import fs from 'node:fs';
import os from 'node:os';
import { departments } from '../src/departments/registry.js';
import { initOrm } from '../src/db/orm.js';
import { monitoringRules } from '../src/monitoring/rules/index.js';
import { runMonitoring, type MonitoringRunResult } from '../src/monitoring/run-monitoring.js';
import { seededBenchDatabase } from './support/bench-database.js';

const persons = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const TARGET_SECONDS = 60;

const buildStarted = performance.now();
const db = await seededBenchDatabase(persons);
const buildSeconds = (performance.now() - buildStarted) / 1000;
console.log(`dataset: ${persons} persons built in ${buildSeconds.toFixed(1)} s`);
const orm = await initOrm({ url: db.url, departments, poolMax: 2 });
try {
  const rules = monitoringRules(departments);
  const runs: Record<string, MonitoringRunResult> = {};
  for (const name of ['first run', 'unchanged re-run']) {
    const result = await runMonitoring(orm.em.fork(), rules, {
      triggeredBy: 'bench',
      onRule: (rule, i, total, stats) => stats && console.log(`  ${name} [${i + 1}/${total}] ${rule.code}: ${stats.ms} ms, ${stats.produced} found, ${stats.created} new`),
    });
    runs[name] = result;
    console.log(`${name}: ${(result.totalMs / 1000).toFixed(1)} s`);
  }
  const [{ n: warnings }] = await orm.em.fork().execute<Array<{ n: string }>>(`select count(*) as n from monitoring.warning`);
  const out = {
    benchmark: 'monitoring',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))) },
    note: process.env.BENCH_NOTE ?? 'see the load averages for what else was running',
    persons,
    datasetBuildSeconds: Number(buildSeconds.toFixed(1)),
    warnings: Number(warnings),
    runs: Object.fromEntries(Object.entries(runs).map(([name, r]) => [name, { totalMs: r.totalMs, year: r.year, asOf: r.asOf, rules: r.rules }])),
    target: `full run under ${TARGET_SECONDS} s at 1M persons`,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/monitoring.json', `${JSON.stringify(out, null, 2)}\n`);
  const names = Object.keys(runs);
  const rows = runs[names[0]!]!.rules.map((r, i) => {
    const again = runs[names[1]!]!.rules[i]!;
    return `| ${r.rule} | ${r.produced.toLocaleString('en')} | ${r.skippedForConsent.toLocaleString('en')} | ${r.created.toLocaleString('en')} | ${r.ms.toLocaleString('en')} | ${again.ms.toLocaleString('en')} |`;
  });
  const total = (name: string) => (runs[name]!.totalMs / 1000).toFixed(1);
  fs.writeFileSync(
    'bench/results/monitoring.md',
    `# Monitoring run (${out.date.slice(0, 10)})\n\n${persons.toLocaleString('en')} persons (dataset built in ${out.datasetBuildSeconds} s), year ${runs[names[0]!]!.year}, as of ${runs[names[0]!]!.asOf}; ` +
      `${out.machine.cpus} × ${out.machine.cpuModel}, Node ${out.machine.node}; load average at the end ${out.machine.loadAverage.join(' / ')} — ${out.note}.\n\n` +
      `Total: **${total(names[0]!)} s** first run (creates ${out.warnings.toLocaleString('en')} warnings), **${total(names[1]!)} s** unchanged re-run. Target: under ${TARGET_SECONDS} s.\n\n` +
      `| rule | found | skipped (no consent) | new warnings | first run ms | re-run ms |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n\n` +
      `Command: \`npm run bench:monitoring\` (BENCH_PERSONS=${persons}).\n`,
  );
} finally {
  await orm.close(true);
  await db.dispose();
}
