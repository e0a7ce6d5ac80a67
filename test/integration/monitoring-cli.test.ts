import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadMonitoringFixture, MONITORING_YEAR } from '../fixtures/monitoring-fixture.js';

/** `npm run monitor` as a real process against a real database. */
const run = promisify(execFile);
let hub: TestHub;

const monitor = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/monitor.ts', ...args], {
    env: { ...process.env, DATABASE_URL: hub.dbUrl, NODE_OPTIONS: '' },
    timeout: 120_000,
  });

beforeAll(async () => {
  hub = await startTestHub({ fixture: loadMonitoringFixture });
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

test('prints one row per rule with its counts and stores the warnings and the run', async () => {
  const { stdout } = await monitor(['--year', String(MONITORING_YEAR)]);
  const row = (rule: string) => stdout.split('\n').find((l) => l.trim().startsWith(`${rule} `))?.trim().split(/\s+/);
  // rule, found, no consent, new, updated, resolved, ms
  expect(row('ELIGIBLE_NOT_ENROLLED')?.slice(0, 6)).toEqual(['ELIGIBLE_NOT_ENROLLED', '4', '1', '3', '0', '0']);
  expect(row('CONSENT_MISSING')?.slice(0, 4)).toEqual(['CONSENT_MISSING', '2', '0', '2']);
  expect(stdout).toMatch(new RegExp(`Run \\d+: year ${MONITORING_YEAR}`));
  const [{ n }] = await hub.sql(`select count(*)::int as n from monitoring.warning where live`);
  const [{ runs, by }] = await hub.sql(`select count(*)::int as runs, min(triggered_by) as by from monitoring.monitoring_run`);
  expect([n, runs, by]).toEqual([expect.any(Number), 1, 'cli']);
  expect(n).toBeGreaterThan(15);
}, 120_000);

test('a malformed year is refused before anything runs', async () => {
  await expect(monitor(['--year', '25'])).rejects.toMatchObject({ stderr: expect.stringMatching(/year must be four digits/) });
  expect(await hub.sql(`select count(*)::int as n from monitoring.monitoring_run`)).toEqual([{ n: 1 }]);
}, 120_000);
