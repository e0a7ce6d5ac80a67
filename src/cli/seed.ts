/**
 * `npm run seed -- --persons N [--county CODE] [--seed S] [--reset]`: migrates the database
 * (embedded unless DATABASE_URL) and fills it with the deterministic demo county.
 */
import { Command, InvalidArgumentError } from 'commander';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { initOrm, migrate } from '../db/orm.js';
import { departments } from '../departments/registry.js';
import { seedDemoData, type SeedSummary } from '../seed/seed-demo-data.js';
import { fieldKeysForEmbedded } from '../crypto/embedded-field-keys.js';

function integer(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    return n;
  };
}

function countyCode(value: string): string {
  if (!/^\d{6}$/.test(value)) throw new InvalidArgumentError('county must be a 6-digit division code, e.g. 410823');
  return value;
}

const program = new Command()
  .name('seed')
  .description('Generate the deterministic CareGraph demo county and load it with COPY')
  .option('--persons <n>', 'number of persons', integer('persons', 1), 20000)
  .option('--county <code>', '6-digit county code (GB/T 2260)', countyCode, '410823')
  .option('--seed <s>', 'PRNG seed: the same seed gives the same data', integer('seed', 0), 1)
  .option('--reset', 'truncate person, household and department tables first', false)
  .parse();

const opts = program.opts<{ persons: number; county: string; seed: number; reset: boolean }>();

let db: DatabaseHandle | undefined;
let client: pg.Client | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await client?.end().catch(() => {});
    await db?.stop().catch((err) => console.error('error while stopping PostgreSQL:', err));
  }
  process.exit(code);
}

function printSummary(summary: SeedSummary): void {
  const seconds = summary.elapsedMs / 1000;
  const width = Math.max(...Object.keys(summary.rows).map((t) => t.length));
  console.log(`\nSeeded county ${summary.county} with seed ${summary.seed}:`);
  for (const [table, count] of Object.entries(summary.rows)) console.log(`  ${table.padEnd(width)}  ${String(count).padStart(9)}`);
  console.log(`  ${'total'.padEnd(width)}  ${String(summary.totalRows).padStart(9)}`);
  console.log(
    `\n${summary.persons} persons in ${seconds.toFixed(1)} s ` +
      `(${Math.round(summary.persons / seconds)} persons/s, ${Math.round(summary.totalRows / seconds)} rows/s; generation ${(summary.generateMs / 1000).toFixed(1)} s)`,
  );
}

async function main(): Promise<void> {
  // Ctrl-C must not leave an embedded postmaster running.
  process.once('SIGINT', () => void shutdown(130));
  process.once('SIGTERM', () => void shutdown(143));
  db = await openDatabase();
  const added = fieldKeysForEmbedded(db.embedded);
  if (added) console.error(`added field encryption keys to ${added} (mode 0600): keep a copy apart from the database`);
  const orm = await initOrm({ url: db.url, departments, poolMax: 2 });
  try {
    const applied = await migrate(orm);
    if (applied.length > 0) console.log(`applied ${applied.length} migration(s)`);
  } finally {
    await orm.close(true);
  }
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const summary = await seedDemoData(client, { ...opts, log: (msg) => console.log(msg) });
  printSummary(summary);
  await shutdown(0);
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : String(err));
  await shutdown(1);
});
