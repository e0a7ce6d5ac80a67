/**
 * `npm run bench:intake [-- rows]`: generates a care-visit CSV of 1,000,000 rows (default; 200,000
 * distinct persons, five visits each, all new to the hub), imports it with the real CLI into a
 * fresh durable embedded PostgreSQL, then imports it again (every row unchanged), and records
 * records/s and the CLI's peak RSS in bench/results/intake.json and .md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { buildIdNumber } from '../src/identity/id-number.js';
import { migratedBenchDatabase } from './support/bench-database.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'bench/results');
const kinds = ['电话问候', '上门走访', '微心愿', '物资帮扶'];

async function writeCsv(file: string): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write('\uFEFF来源记录号,身份证号,姓名,走访类型,走访日期,走访人,备注\n');
  const persons = Math.max(1, Math.floor(rows / 5));
  for (let i = 0; i < rows; i++) {
    const p = i % persons;
    const birth = `${1940 + (p % 70)}-${String(1 + (p % 12)).padStart(2, '0')}-${String(1 + (p % 28)).padStart(2, '0')}`;
    const id = buildIdNumber('410823', birth, p % 997);
    const line = `BENCH-${i},${id},测试${p % 1000},${kinds[i % 4]},2024/${1 + (i % 12)}/${1 + (i % 28)},干部${i % 50},"第${i}次,回访"\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

function runCli(url: string, file: string): Promise<Record<string, any>> {
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/cli/import.ts', '--department', 'civil-affairs', '--kind', 'care-visit', '--file', file, '--no-progress'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('summary-json: '));
      if (code !== 0 || !line) reject(new Error(`import exited ${code}: ${stdout}`));
      else resolve(JSON.parse(line.slice('summary-json: '.length)));
    }),
  );
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-bench-'));
const file = path.join(tmp, 'care-visits.csv');
const db = await migratedBenchDatabase({ fast: false });
const loadBefore = os.loadavg()[0]!;
try {
  const t0 = Date.now();
  await writeCsv(file);
  console.log(`generated ${rows} rows (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const first = await runCli(db.url, file);
  console.log('first import', first);
  const again = await runCli(db.url, file);
  console.log('re-import', again);
  const pick = (s: Record<string, any>) => ({
    seconds: Number(s.seconds.toFixed(1)), recordsPerSecond: s.recordsPerSecond, peakRssMb: s.peakRssMb,
    created: s.created, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected,
  });
  const result = {
    benchmark: 'intake',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    database: 'embedded PostgreSQL 18, durable settings (fsync on), same machine',
    note: process.env.BENCH_NOTE ?? 'see the load averages for what else was running',
    loadAverage1m: { before: Number(loadBefore.toFixed(1)), after: Number(os.loadavg()[0]!.toFixed(1)) },
    command: `npm run bench:intake -- ${rows}`,
    rows,
    fileMb: Number((fs.statSync(file).size / 2 ** 20).toFixed(1)),
    firstImport: pick(first),
    reImport: pick(again),
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'intake.json'), JSON.stringify(result, null, 2) + '\n');
  fs.writeFileSync(
    path.join(resultsDir, 'intake.md'),
    `# Intake benchmark

\`${result.command}\` — ${result.date.slice(0, 10)}, ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGb} GB, Node ${result.machine.node}.
${result.database}. **Note:** ${result.note}: 1-minute load average ${result.loadAverage1m.before} before, ${result.loadAverage1m.after} after, on ${result.machine.cpus} CPUs.

A ${rows.toLocaleString('en')}-row care-visit CSV (${result.fileMb} MB, UTF-8 with BOM, quoted fields with commas;
${Math.floor(rows / 5).toLocaleString('en')} distinct persons all new to the hub) through the real CLI
(\`npm run import\`): parse, validate, resolve identities (create persons), upsert in batches of 1,000,
one transaction each.

| run | seconds | records/s | peak RSS (MB) | created | unchanged | rejected |
|---|---:|---:|---:|---:|---:|---:|
| first import | ${result.firstImport.seconds} | ${result.firstImport.recordsPerSecond} | ${result.firstImport.peakRssMb} | ${result.firstImport.created} | ${result.firstImport.unchanged} | ${result.firstImport.rejected} |
| re-import (same file) | ${result.reImport.seconds} | ${result.reImport.recordsPerSecond} | ${result.reImport.peakRssMb} | ${result.reImport.created} | ${result.reImport.unchanged} | ${result.reImport.rejected} |

Target: ≥ 10,000 validated records/s with bounded memory (peak RSS independent of file size).
`,
  );
  console.log(`wrote ${path.join(resultsDir, 'intake.md')}`);
} finally {
  await db.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(0);
