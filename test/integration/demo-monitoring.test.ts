import { spawn } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { freePort } from '../../src/db/free-port.js';
import { REFERENCE_DATE } from '../../src/seed/dates.js';
import { emptyEmbeddedDemo } from '../support/embedded-demo.js';

/**
 * `npm start` on an empty embedded database generates the demo county and monitors it once, so
 * the first look at warnings finds some and `monitoringRuns` names the run; FOLLOW_UP_OVERDUE is
 * one case per care target, and most targets of the demo county are on time.
 */
const demo = emptyEmbeddedDemo('caregraph-demo-monitoring-', 3000);

let child: ReturnType<typeof spawn>;
let exited: Promise<number | null>;
let output = '';
let port: number;
let key: string;
let db: pg.Client;

async function graphql(query: string) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-purpose': 'CASE_MANAGEMENT' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: any; errors?: unknown[] };
}

/** Starts `npm start`'s server on `port` and waits until it serves; `what` names the start in the failure. */
async function startHub(what: 'started' | 'restarted') {
  output = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { env: { ...demo.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 150_000;
  while (!output.includes('CareGraph is serving GraphQL')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the hub never ${what}:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  port = await freePort();
  await startHub('started');
  key = /^\s+(cg_\S+)$/m.exec(output)![1]!;
  db = new pg.Client({ connectionString: demo.databaseUrl() });
  await db.connect();
}, 180_000);

afterAll(async () => {
  await db?.end();
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(demo.base, { recursive: true, force: true });
});

it('monitors the demo county once it is generated: open warnings and the run in monitoringRuns', async () => {
  const res = await graphql(`{ monitoringRuns(first: 5) { id asOf triggeredBy finishedAt rules { rule produced created } }
    warnings(status: [OPEN], first: 1) { totalCount } }`);
  expect([res.errors, res.errors ? output.slice(-3000) : '']).toEqual([undefined, '']); // the log says why
  const runs = res.data.monitoringRuns;
  expect(runs).toHaveLength(1);
  // Judged as of the demo's own today: its records stop there.
  expect(runs[0]).toMatchObject({ asOf: REFERENCE_DATE, triggeredBy: 'demo-seed', finishedAt: expect.any(String) });
  const created = runs[0].rules.reduce((sum: number, r: { created: number }) => sum + r.created, 0);
  expect(created).toBeGreaterThan(0);
  expect(res.data.warnings.totalCount).toBe(created);
  expect(output).toContain('monitored the demo county once');
});

it('raises at most one FOLLOW_UP_OVERDUE per care target, for a minority of the targets', async () => {
  const { rows: [counts] } = await db.query(`select
      (select count(*)::int from monitoring.warning where rule_code = 'FOLLOW_UP_OVERDUE' and live) as warnings,
      (select count(distinct w.person_ids[1])::int from monitoring.warning w where rule_code = 'FOLLOW_UP_OVERDUE' and live) as persons,
      (select count(distinct person_id)::int from civil_affairs.care_target) as targets`);
  expect(counts.warnings).toBeGreaterThan(0);
  expect(counts.warnings).toBe(counts.persons);
  expect(counts.warnings / counts.targets).toBeLessThan(0.35);
  const { rows: [total] } = await db.query(`select count(*)::int as n from monitoring.warning where live`);
  // One case per care target, not one per missed kind of follow-up, so it does not dwarf every other rule.
  expect(counts.warnings / total.n).toBeLessThan(0.5);
});

it('does not monitor again on a restart over the same data', async () => {
  await db.end(); // before its server stops under it
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  await startHub('restarted');
  const res = await graphql('{ monitoringRuns { id } }');
  expect(res.data.monitoringRuns).toHaveLength(1);
  db = new pg.Client({ connectionString: demo.databaseUrl() });
  await db.connect();
}, 180_000);
