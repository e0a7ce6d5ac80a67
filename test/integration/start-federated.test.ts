import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { freePort } from '../../src/db/free-port.js';
import { REFERENCE_DATE } from '../../src/seed/dates.js';
import { grafbaseBinary } from '../../src/federation/routers/grafbase.js';
import { emptyEmbeddedDemo } from '../support/embedded-demo.js';

/**
 * `npm run start:federated` on an empty embedded database generates the demo county and monitors
 * it once before serving, as `npm start` does; started again on the same data (here behind
 * Grafbase Gateway, `--router grafbase`, subgraphs in forwarded trust mode) it neither
 * regenerates nor monitors again, and the graph answers through that router with the printed key.
 */
const demo = emptyEmbeddedDemo('caregraph-start-federated-', 2000);
// The embedded cluster's own key file holds the keys; the test suite's fixed ones are for test hubs.
delete demo.env.CAREGRAPH_FIELD_KEYS;

const grafbase = grafbaseBinary();
const itWithGrafbase = 'missing' in grafbase ? it.skip : it;
if ('missing' in grafbase) console.warn(`start:federated --router grafbase is not tried: ${grafbase.missing}`);

/**
 * Seven consecutive free loopback ports for the subgraphs (core, then the departments), taken below
 * the kernel's ephemeral range: ports in it are handed to other suites' outgoing connections and
 * `listen(0)` calls between this check and the subgraphs' start (EADDRINUSE), ports below it only
 * to explicit listeners.
 */
async function freePortRange(count: number): Promise<number> {
  const range = '/proc/sys/net/ipv4/ip_local_port_range';
  const ephemeralLow = fs.existsSync(range) ? Number(fs.readFileSync(range, 'utf8').trim().split(/\s+/)[0]) : 32_768;
  const low = 10_000;
  const high = Math.max(low + count, ephemeralLow - count);
  for (;;) {
    const first = low + Math.floor(Math.random() * (high - low));
    const free = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        new Promise<boolean>((resolve) => {
          const s = net.createServer().once('error', () => resolve(false));
          s.listen(first + i, '127.0.0.1', () => s.close(() => resolve(true)));
        }),
      ),
    );
    if (free.every(Boolean)) return first;
  }
}

interface Started {
  port: number;
  /** The bootstrap key: printed by the first start only (a later one finds callers already). */
  key: string | undefined;
  output(): string;
  stop(): Promise<void>;
}

async function startFederated(args: string[], serving: string): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start-federated.ts', ...args], {
    env: { ...demo.env, PORT: String(port), CAREGRAPH_SUBGRAPH_FIRST_PORT: String(await freePortRange(7)) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const deadline = Date.now() + 240_000;
  while (!output.includes(serving)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`start:federated ${args.join(' ')} never served:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, key: /^\s+(cg_\S+)$/m.exec(output)?.[1], output: () => output, stop };
}

let key: string;
async function graphql(started: Started, query: string) {
  const res = await fetch(`http://127.0.0.1:${started.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-purpose': 'CASE_MANAGEMENT' },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: unknown[] } };
}

const RUNS = `{ monitoringRuns(first: 5) { asOf triggeredBy finishedAt rules { created } } warnings(status: [OPEN], first: 1) { totalCount } }`;
let running: Started | undefined;

afterAll(async () => {
  await running?.stop();
  fs.rmSync(demo.base, { recursive: true, force: true });
});

it('generates the demo county, monitors it once and serves it through the gateway', async () => {
  running = await startFederated([], 'CareGraph gateway is serving the federated graph');
  expect(running.key).toBeDefined();
  key = running.key!;
  const res = await graphql(running, RUNS);
  expect([res.body.errors, res.body.errors ? running.output().slice(-3000) : '']).toEqual([undefined, '']);
  expect(res.body.data.monitoringRuns).toHaveLength(1);
  expect(res.body.data.monitoringRuns[0]).toMatchObject({ asOf: REFERENCE_DATE, triggeredBy: 'demo-seed', finishedAt: expect.any(String) });
  const created = res.body.data.monitoringRuns[0].rules.reduce((sum: number, r: { created: number }) => sum + r.created, 0);
  expect(created).toBeGreaterThan(0);
  expect(res.body.data.warnings.totalCount).toBe(created);
  expect(running.output()).toContain('monitored the demo county once');
  await running.stop();
  running = undefined;
}, 300_000);

itWithGrafbase('started again behind Grafbase Gateway: the same data, no second generation or run, answers with the forwarded key', async () => {
  running = await startFederated(['--router', 'grafbase'], 'Grafbase Gateway is serving the federated graph');
  expect(running.output()).not.toContain('monitored the demo county once');
  const res = await graphql(running, RUNS);
  expect([res.body.errors, res.body.errors ? running.output().slice(-3000) : '']).toEqual([undefined, '']);
  expect(res.body.data.monitoringRuns).toHaveLength(1);
  // A department's part and core's in one answer: the router planned across subgraphs, each authenticated the key.
  const persons = await graphql(running, `{ persons(first: 2) { totalCount nodes { name education { enrolments { stage } } } } }`);
  expect(persons.body.errors).toBeUndefined();
  expect(persons.body.data.persons.totalCount).toBeGreaterThan(0);
  expect(persons.body.data.persons.nodes).toHaveLength(2);
  // Forwarded trust: the subgraphs refuse what the key does not open, as the monolith does.
  const anonymous = await fetch(`http://127.0.0.1:${running.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ persons(first: 1) { totalCount } }' }) });
  expect(JSON.stringify(await anonymous.json())).toContain('UNAUTHENTICATED');
  const db = new pg.Client({ connectionString: demo.databaseUrl() });
  await db.connect();
  try {
    const { rows } = await db.query(`select count(*)::int as runs from monitoring.monitoring_run`);
    expect(rows[0].runs).toBe(1);
  } finally {
    await db.end();
  }
}, 300_000);
