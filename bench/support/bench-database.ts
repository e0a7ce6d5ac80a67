import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../src/db/embedded-database.js';
import { initOrm, migrate } from '../../src/db/orm.js';
import { departments } from '../../src/departments/registry.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import './bench-audit-key.js';

export interface BenchDatabase {
  url: string;
  /** Stops the cluster and deletes its folder. */
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated embedded cluster in a temp folder for one benchmark run. `fast` trades
 * durability for speed; the seed benchmark measures with durable settings.
 */
export async function migratedBenchDatabase(opts: { fast: boolean }): Promise<BenchDatabase> {
  // The cluster runs as the `postgres` OS user when we are root: the folder must be traversable.
  const base = path.join(os.tmpdir(), `caregraph-bench-${process.pid}-${Date.now()}`);
  fs.mkdirSync(base, { recursive: true, mode: 0o755 });
  fs.chmodSync(base, 0o755);
  const removeFolder = () => fs.rmSync(base, { recursive: true, force: true });
  const db = await startEmbeddedDatabase({ dataDir: path.join(base, 'pg'), fast: opts.fast }).catch((err) => {
    removeFolder();
    throw err;
  });
  const dispose = async () => {
    await db.stop().catch(() => {});
    removeFolder();
  };
  try {
    const orm = await initOrm({ url: db.url, departments, poolMax: 2 });
    await migrate(orm);
    await orm.close(true);
  } catch (err) {
    await dispose();
    throw err;
  }
  return { url: db.url, dispose };
}

/** A benchmark database holding the demo county with `persons` persons. */
export async function seededBenchDatabase(persons: number): Promise<BenchDatabase> {
  const db = await migratedBenchDatabase({ fast: true });
  try {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await seedDemoData(client, { persons, county: '410823', seed: 1 });
    await client.end();
  } catch (err) {
    await db.dispose();
    throw err;
  }
  return db;
}
