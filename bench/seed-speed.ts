/**
 * `npm run bench:seed [-- persons]`: seeds 100,000 persons (default) into a fresh embedded
 * PostgreSQL with durable settings (fsync on) and records the figures in bench/results/seed.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { seedDemoData } from '../src/seed/seed-demo-data.js';
import { migratedBenchDatabase } from './support/bench-database.js';

const persons = Number(process.argv[2] ?? 100_000);
const county = '410823';
const seed = 1;

const db = await migratedBenchDatabase({ fast: false });
process.once('SIGINT', () => void db.dispose().then(() => process.exit(130)));

try {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const summary = await seedDemoData(client, { persons, county, seed, log: (m) => console.log(m) });
  const size = await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes');
  await client.end();

  const seconds = summary.elapsedMs / 1000;
  const result = {
    benchmark: 'seed-speed',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    database: 'embedded PostgreSQL, durable settings (fsync on)',
    persons,
    county,
    seed,
    seconds: Number(seconds.toFixed(2)),
    generateSeconds: Number((summary.generateMs / 1000).toFixed(2)),
    personsPerSecond: Math.round(persons / seconds),
    totalRows: summary.totalRows,
    rowsPerSecond: Math.round(summary.totalRows / seconds),
    regionsInserted: summary.regionsInserted,
    databaseMb: Math.round(Number(size.rows[0]!.bytes) / 2 ** 20),
    rows: summary.rows,
  };
  const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'results', 'seed.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`\n${persons} persons, ${summary.totalRows} rows in ${seconds.toFixed(1)} s (${result.rowsPerSecond} rows/s) → ${path.relative(process.cwd(), out)}`);
} finally {
  await db.dispose();
}
