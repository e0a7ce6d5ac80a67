import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded-database.js';
import { initOrm, migrate } from '../../src/db/orm.js';
import { departments } from '../../src/departments/registry.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';

/**
 * A benchmark database: an embedded cluster in a temp folder, migrated and seeded with the demo
 * county. `dispose()` stops it and deletes the folder.
 */
export async function seededBenchDatabase(persons: number): Promise<{ url: string; dispose(): Promise<void> }> {
  const base = path.join(os.tmpdir(), `caregraph-bench-${process.pid}-${Date.now()}`);
  fs.mkdirSync(base, { recursive: true, mode: 0o755 });
  fs.chmodSync(base, 0o755);
  let db: EmbeddedDatabase | undefined;
  try {
    db = await startEmbeddedDatabase({ dataDir: path.join(base, 'pg'), fast: true });
    const orm = await initOrm({ url: db.url, departments, poolMax: 2 });
    await migrate(orm);
    await orm.close(true);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await seedDemoData(client, { persons, county: '410823', seed: 1 });
    await client.end();
  } catch (err) {
    await db?.stop().catch(() => {});
    fs.rmSync(base, { recursive: true, force: true });
    throw err;
  }
  const running = db;
  return {
    url: running.url,
    async dispose() {
      await running.stop().catch(() => {});
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
