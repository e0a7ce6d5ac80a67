import fs from 'node:fs';
import path from 'node:path';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { departments } from '../../src/departments/registry.js';
import { importFile, formatOf } from '../../src/ingest/file-import.js';
import type { IntakeSummary } from '../../src/ingest/intake-pipeline.js';
import { loadRegions } from '../../src/identity/regions.js';

/** Every intake kind of every department, through its shipped sample file (samples/). */
const samples = path.resolve(import.meta.dirname, '../../samples');
const kinds = departments.flatMap((d) => d.intake ?? []);
// Person records first: they create the households the finance declarations name.
const ordered = [...kinds.filter((k) => k.owner === 'person'), ...kinds.filter((k) => k.owner === 'household')];
const fileOf = (department: string, name: string) =>
  ['csv', 'xlsx'].map((ext) => path.join(samples, department, `${name}.${ext}`)).find((f) => fs.existsSync(f))!;

let hub: TestHub;
beforeAll(async () => {
  // The real division tree: region-code columns (hrss posts' 设岗村代码) must name a known village.
  hub = await startTestHub({ fixture: async (client) => void (await loadRegions(client, '41')) });
});
afterAll(async () => {
  await hub?.close();
});

async function importAll(): Promise<Record<string, IntakeSummary>> {
  const out: Record<string, IntakeSummary> = {};
  for (const kind of ordered) {
    const file = fileOf(kind.department, kind.name);
    out[`${kind.department}/${kind.name}`] = await importFile(hub.hub.orm.em, kind, fs.createReadStream(file), { format: formatOf(file), caller: 'samples-test' });
  }
  return out;
}

it('ships a sample file for every record kind, one of them XLSX and one GBK', () => {
  const files = ordered.map((k) => fileOf(k.department, k.name));
  expect(files.every(Boolean)).toBe(true);
  expect(files.filter((f) => f.endsWith('.xlsx'))).toHaveLength(1);
  const gbk = files.filter((f) => f.endsWith('.csv') && fs.readFileSync(f)[0] !== 0xef);
  expect(gbk).toHaveLength(1);
});

it('imports every sample without a rejected row, then re-imports it unchanged', async () => {
  const first = await importAll();
  for (const [name, s] of Object.entries(first)) {
    expect({ name, rejected: s.rejected, created: s.created > 0 }).toEqual({ name, rejected: 0, created: true });
  }
  const again = await importAll();
  for (const [name, s] of Object.entries(again)) {
    expect({ name, created: s.created, updated: s.updated, unchanged: s.unchanged }).toEqual({ name, created: 0, updated: 0, unchanged: first[name]!.created });
  }
  const stored = await hub.sql(`select count(*)::int as n from health.condition where ingested_by = 'samples-test'`);
  expect(stored).toEqual([{ n: first['health/condition']!.created }]);
});
