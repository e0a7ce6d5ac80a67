import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../src/db/embedded-database.js';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty PostgreSQL database for one test file: a new database on `DATABASE_URL`'s
 * server when set, otherwise a throw-away embedded cluster (fsync off) in a temp folder.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `caregraph_test_${randomBytes(4).toString('hex')}`;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`drop database if exists "${name}" with (force)`);
        await c.end();
      },
    };
  }
  // The cluster runs as the `postgres` OS user when we are root: the folder must be traversable.
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-test-'));
  fs.chmodSync(base, 0o755);
  const db = await startEmbeddedDatabase({ dataDir: path.join(base, 'pg'), databaseName: name, fast: true });
  return {
    url: db.url,
    async drop() {
      await db.stop();
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
