import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { writePrivateFile } from './private-file.js';

/**
 * The running hub's embedded PostgreSQL, published for the CLIs. PostgreSQL lets one process own
 * a data folder, so while `npm start` runs, `npm run callers`, `import`, `monitor` and `seed`
 * cannot start their own server on it; they read this file and connect to the hub's instead.
 * The file holds a connection URL with its password, so only the owner may read it (0600).
 */
export interface PublishedConnection {
  url: string;
  /** Process that started the server; the file is stale once it is gone. */
  pid: number;
  startedAt: string;
}

/** `.data/postgres` → `.data/postgres.connection.json`: beside the cluster, not in it (initdb wants an empty folder). */
export function connectionFileFor(dataDir: string): string {
  const resolved = path.resolve(dataDir);
  return path.join(path.dirname(resolved), `${path.basename(resolved)}.connection.json`);
}

export function publishConnection(dataDir: string, url: string): () => void {
  const file = connectionFileFor(dataDir);
  const entry: PublishedConnection = { url, pid: process.pid, startedAt: new Date().toISOString() };
  writePrivateFile(file, JSON.stringify(entry, null, 2));
  return () => {
    try {
      const current = JSON.parse(fs.readFileSync(file, 'utf8')) as PublishedConnection;
      if (current.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The URL of a running hub's embedded PostgreSQL for `dataDir`, when one is up and answers;
 * null otherwise (no file, its process gone, or the server not answering — a stale file is removed).
 */
export async function findPublishedConnection(dataDir: string): Promise<string | null> {
  const file = connectionFileFor(dataDir);
  let entry: PublishedConnection;
  try {
    entry = JSON.parse(fs.readFileSync(file, 'utf8')) as PublishedConnection;
  } catch {
    return null;
  }
  if (!entry.url || !Number.isInteger(entry.pid) || !isAlive(entry.pid)) {
    fs.rmSync(file, { force: true });
    return null;
  }
  const client = new pg.Client({ connectionString: entry.url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return entry.url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}
