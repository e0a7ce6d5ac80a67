import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../src/db/embedded-database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** Runs `npm start`'s entry point as a child process and collects its output and exit code. */
function runMain(env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main did not exit within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

it('exits non-zero with a clear message when the database cannot be reached', async () => {
  const { code, output } = await runMain({ DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' });
  expect(code).toBe(1);
  expect(output).toContain('Cannot reach PostgreSQL at postgres://nobody:***@127.0.0.1:1/none');
  expect(output).not.toContain('secret');
});

describe('with a reachable database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('exits non-zero naming the port when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { code, output } = await runMain({ DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false' });
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('stops cleanly on SIGTERM after serving, with regions loaded', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not serving in time:\n${output}`)), 60_000);
      child.stdout.on('data', () => {
        if (output.includes('CareGraph is serving GraphQL')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ region(code: "410823") { name parent { name } } }' }),
    });
    expect(await res.json()).toEqual({ data: { region: { name: '武陟县', parent: { name: '焦作市' } } } });
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

it('an embedded cluster keeps its data across a restart', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-persist-'));
  fs.chmodSync(base, 0o755);
  const dataDir = path.join(base, 'pg');
  try {
    const first = await startEmbeddedDatabase({ dataDir, fast: true });
    const c1 = new pg.Client({ connectionString: first.url });
    await c1.connect();
    await c1.query('create table kept (v text)');
    await c1.query('insert into kept values ($1)', ['民政']);
    await c1.end();
    await first.stop();
    const second = await startEmbeddedDatabase({ dataDir, fast: true });
    const c2 = new pg.Client({ connectionString: second.url });
    await c2.connect();
    const { rows } = await c2.query('select v from kept');
    await c2.end();
    await second.stop();
    expect(rows).toEqual([{ v: '民政' }]);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
