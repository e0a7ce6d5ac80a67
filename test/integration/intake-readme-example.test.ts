import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { startImportCli } from '../support/intake-clients.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import { departments } from '../../src/departments/registry.js';
import { importFile, formatOf } from '../../src/ingest/file-import.js';

/**
 * The promise of README.md ("Importing a department ledger") and docs/intake.md: the samples hold
 * the demo county's own records, so imported into the database `npm start` seeds (seed 1, 武陟县,
 * 20,000 persons) every row of every sample is `unchanged`.
 */
const root = path.resolve(import.meta.dirname, '../..');
const samples = path.join(root, 'samples');
const kinds = departments.flatMap((d) => d.intake ?? []);
const fileOf = (department: string, name: string) =>
  ['csv', 'xlsx'].map((ext) => path.join(samples, department, `${name}.${ext}`)).find((f) => fs.existsSync(f))!;

let hub: TestHub;
beforeAll(async () => {
  // What prepareDemoData loads on `npm start` into an empty database.
  hub = await startTestHub({ fixture: (c) => seedDemoData(c, { persons: 20_000, county: '410823', seed: 1 }).then(() => undefined) });
}, 300_000);
afterAll(async () => {
  await hub?.close();
});

it('runs the README example: the care-visit sample into the demo database is 20 unchanged, 0 rejected', async () => {
  const file = 'samples/civil-affairs/care-visit.csv';
  const run = await startImportCli(hub.dbUrl, ['--department', 'civil-affairs', '--kind', 'care-visit', '--file', file, '--rejects', path.join(os.tmpdir(), `readme-${process.pid}.rejects.csv`)]).done;
  expect(run.summary).toMatchObject({ created: 0, updated: 0, unchanged: 20, rejected: 0, issuesRaised: 0, encoding: 'gb18030' });
  expect(run.code).toBe(0);
});

it('imports every sample into the demo database with every row unchanged and none rejected', async () => {
  const outcome: Record<string, object> = {};
  const expected: Record<string, object> = {};
  for (const kind of kinds) {
    const file = fileOf(kind.department, kind.name);
    const s = await importFile(hub.hub.orm.em, kind, fs.createReadStream(file), { format: formatOf(file), caller: 'readme-test' });
    const name = `${kind.department}/${kind.name}`;
    const rows = s.created + s.updated + s.unchanged + s.rejected;
    outcome[name] = { created: s.created, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected, issuesRaised: s.issuesRaised, someRows: rows > 0 };
    expected[name] = { created: 0, updated: 0, unchanged: rows, rejected: 0, issuesRaised: 0, someRows: true };
  }
  expect(Object.keys(outcome)).toHaveLength(25);
  expect(outcome).toEqual(expected);
  expect(await hub.sql(`select count(*)::int as n from core.record_history`)).toEqual([{ n: 0 }]);
});
