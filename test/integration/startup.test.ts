import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../src/db/embedded-database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** Starts `npm start`'s entry point as a child process, collecting its output. */
function spawnMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    // jest sets NODE_ENV=test, which silences the logger; these tests read the logs.
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { output: '' };
  child.stdout.on('data', (d) => (state.output += d));
  child.stderr.on('data', (d) => (state.output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, state, exited };
}

/** Runs the entry point to completion and returns its exit code and output. */
async function runMain(env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  const { child, state, exited } = spawnMain(env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return { code, output: state.output };
}

/** Resolves once `text` appears in the child's output; kills the child if it never does. */
async function waitForOutput(main: ReturnType<typeof spawnMain>, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!main.state.output.includes(text)) {
    if (Date.now() > deadline || main.child.exitCode !== null) {
      main.child.kill('SIGKILL');
      throw new Error(`"${text}" never appeared:\n${main.state.output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
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
    const main = spawnMain({ DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false' });
    await waitForOutput(main, 'CareGraph is serving GraphQL');
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ region(code: "410823") { name parent { name } } }' }),
    });
    expect(await res.json()).toEqual({ data: { region: { name: '武陟县', parent: { name: '焦作市' } } } });
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
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
