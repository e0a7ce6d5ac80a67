/**
 * `npm run bench:seed [-- persons]`: seeds 100,000 persons (default) into a fresh embedded
 * PostgreSQL with durable settings (fsync on) and records the figures in bench/results/seed.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/db/embedded-database.js';
import { initOrm, migrate } from '../src/db/orm.js';
import { departments } from '../src/departments/registry.js';
import { seedDemoData } from '../src/seed/seed-demo-data.js';

const persons = Number(process.argv[2] ?? 100_000);
const county = '410823';
const seed = 1;

// The cluster runs as the `postgres` OS user when we are root: the folder must be traversable.
const base = path.join(os.tmpdir(), `caregraph-bench-${process.pid}`);
fs.mkdirSync(base, { recursive: true, mode: 0o755 });
fs.chmodSync(base, 0o755);

let db: EmbeddedDatabase | undefined;
async function cleanUp(): Promise<void> {
  await db?.stop().catch(() => {});
  fs.rmSync(base, { recursive: true, force: true });
}
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

try {
  db = await startEmbeddedDatabase({ dataDir: path.join(base, 'pg'), fast: false });
  const orm = await initOrm({ url: db.url, departments, poolMax: 2 });
  await migrate(orm);
  await orm.close(true);

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
  await cleanUp();
}
