import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/free-port.js';
import { connectionFileFor } from '../../src/db/embedded-connection.js';

/**
 * The README's first hour on a fresh copy, with the embedded database: `npm start` prints a
 * key and a request that works; `npm run callers -- add` reaches the running hub's PostgreSQL
 * (it used to die on PostgreSQL's lock) and its key works at once; GraphiQL is served; the hub
 * listens on loopback unless HOST says otherwise.
 */
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-first-hour-'));
fs.chmodSync(base, 0o755); // as root the cluster runs as `postgres`, who must reach it
const dataDir = path.join(base, 'pg');
const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', LOG_LEVEL: 'info', CAREGRAPH_DATA_DIR: dataDir, DEMO_PERSONS: '300' };
delete env.DATABASE_URL; // the embedded default is what a newcomer gets
delete env.HOST;

function startHub(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { output: '' };
  child.stdout.on('data', (d) => (state.output += d));
  child.stderr.on('data', (d) => (state.output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ready = async (text = 'CareGraph is serving GraphQL') => {
    const deadline = Date.now() + 120_000;
    while (!state.output.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`"${text}" never appeared:\n${state.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, state, exited, ready };
}

function callersCli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/callers.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });
}

async function graphql(port: number, key: string, query: string, purpose = 'CASE_MANAGEMENT') {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-purpose': purpose },
    body: query,
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> } };
}

let hub: ReturnType<typeof startHub>;
let port: number;

beforeAll(async () => {
  port = await freePort();
  hub = startHub(port);
  await hub.ready();
}, 150_000);

afterAll(async () => {
  if (hub && hub.child.exitCode === null) {
    hub.child.kill('SIGTERM');
    await hub.exited;
  }
  fs.rmSync(base, { recursive: true, force: true });
});

it('prints a bootstrap admin key once, with a request that works as printed', async () => {
  const key = /^\s+(cg_\S+)$/m.exec(hub.state.output)?.[1];
  expect(key).toBeDefined();
  const body = /-d '(.+)'$/m.exec(hub.state.output)?.[1];
  expect(body).toBeDefined();
  const answer = await graphql(port, key!, body!);
  expect(answer.status).toBe(200);
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.household.members.length).toBeGreaterThan(0);
  expect(answer.body.data.household.members[0].idNumber).toMatch(/^\d{17}[\dX]$/); // admin: unmasked
  expect(hub.state.output).toContain(`curl -s http://127.0.0.1:${port}/graphql`);
});

it('listens on 127.0.0.1 by default', () => {
  expect(hub.state.output).toMatch(/"host":"127\.0\.0\.1"/);
});

it('publishes the running server to the CLIs in a file only its owner can read', () => {
  const file = connectionFileFor(dataDir);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: hub.child.pid, url: expect.stringMatching(/^postgres:\/\/postgres:[0-9a-f]{36}@127\.0\.0\.1:\d+\/caregraph$/) });
});

it('`npm run callers -- add` works while the hub runs, and its key works at once', async () => {
  const added = callersCli('add', '--name', 'civil-affairs-system', '--role', 'civil-affairs');
  expect({ status: added.status, stderr: added.stderr.replace(/.*ExperimentalWarning.*\n?/g, '') }).toMatchObject({ status: 0 });
  const key = /(cg_\S+)/.exec(added.stdout)?.[1];
  expect(key).toBeDefined();
  const answer = await graphql(port, key!, JSON.stringify({ query: '{ persons(first: 1) { totalCount } }' }), 'ELIGIBILITY_CHECK');
  expect(answer.status).toBe(200);
  expect(answer.body.data.persons.totalCount).toBeGreaterThan(0);
  const listed = callersCli('list');
  expect(listed.status).toBe(0);
  expect(listed.stdout).toContain('civil-affairs-system');
  expect(listed.stdout).toContain('bootstrap-admin');
}, 120_000);

it('serves GraphiQL to a browser', async () => {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('graphiql');
});

it('a second hub on the same folder stops with a message saying the cluster is in use', async () => {
  const second = startHub(await freePort());
  const code = await second.exited;
  expect(code).toBe(1);
  expect(second.state.output).toContain('is already running in another process');
}, 120_000);

it('after a restart there is no second bootstrap key, and the file is gone once the hub stops', async () => {
  hub.child.kill('SIGTERM');
  expect(await hub.exited).toBe(0);
  expect(fs.existsSync(connectionFileFor(dataDir))).toBe(false);
  hub = startHub(port);
  await hub.ready();
  expect(hub.state.output).not.toMatch(/cg_\S+/);
}, 150_000);
