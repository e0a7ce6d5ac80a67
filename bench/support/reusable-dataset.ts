import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded-database.js';
import { initOrm, migrate } from '../../src/db/orm.js';
import { departments } from '../../src/departments/registry.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import './bench-audit-key.js';
import { fieldEncryptionMode } from '../../src/crypto/field-encryption.js';

export interface ReusableDataset {
  url: string;
  persons: number;
  /** Seconds the build took when this dataset was generated (possibly in an earlier run). */
  buildSeconds: number;
  /** True when an earlier run's cluster was reused as is. */
  reused: boolean;
  /** Restarts PostgreSQL (needed after changing preload libraries); the URL's port changes. */
  restart(): Promise<string>;
  stop(): Promise<void>;
}

/** Every input that changes the generated rows or the table layout: a changed file means a rebuild. */
function datasetFingerprint(persons: number): string {
  // Encrypted and clear datasets differ on disk (CAREGRAPH_FIELD_ENCRYPTION=off measures the latter).
  const hash = crypto.createHash('sha256').update(`persons=${persons};county=410823;seed=1;fields=${fieldEncryptionMode()}`);
  // Department folders hold both their migrations and their demo-data generators (`seed`).
  const roots = ['src/seed', 'src/db/migrations', ...departments.map((d) => `src/departments/${d.code}`)];
  const files = roots.flatMap((root) => (fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => path.join(root, f)) : []));
  for (const file of files.filter((f) => fs.statSync(f).isFile()).sort()) hash.update(file).update(fs.readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

/**
 * The benchmark dataset in `bench/.data/persons-<N>-<fingerprint>/`: built once (migrations,
 * the demo generator loaded with COPY, analyze) and reused by later runs while the generator and
 * migrations are unchanged. Older fingerprints are deleted so stale 1M clusters do not pile up.
 * The marker file is written only after a complete build, so an interrupted build starts over.
 */
export async function reusableDataset(persons: number, log: (line: string) => void = console.log): Promise<ReusableDataset> {
  const base = path.resolve('bench/.data');
  const name = `persons-${persons}-${datasetFingerprint(persons)}`;
  const dir = path.join(base, name);
  const marker = path.join(dir, 'built.json');
  fs.mkdirSync(base, { recursive: true, mode: 0o755 });
  for (const old of fs.readdirSync(base)) if (old.startsWith(`persons-${persons}-`) && old !== name) fs.rmSync(path.join(base, old), { recursive: true, force: true });
  const reused = fs.existsSync(marker);
  if (!reused) fs.rmSync(dir, { recursive: true, force: true });
  // The cluster runs as the `postgres` OS user when we are root: the folders must be traversable.
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const d of [path.resolve('bench'), base, dir]) fs.chmodSync(d, 0o755);
  let db: EmbeddedDatabase = await startEmbeddedDatabase({ dataDir: path.join(dir, 'pg'), fast: true });
  let buildSeconds: number;
  try {
    if (reused) {
      buildSeconds = (JSON.parse(fs.readFileSync(marker, 'utf8')) as { buildSeconds: number }).buildSeconds;
      log(`dataset: reusing ${name} (built in ${buildSeconds} s in an earlier run)`);
    } else {
      log(`dataset: building ${persons.toLocaleString('en')} persons in ${dir} …`);
      const started = performance.now();
      const orm = await initOrm({ url: db.url, departments, poolMax: 2 });
      await migrate(orm);
      await orm.close(true);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await seedDemoData(client, { persons, county: '410823', seed: 1 });
      await client.end();
      buildSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
      fs.writeFileSync(marker, `${JSON.stringify({ persons, buildSeconds, builtAt: new Date().toISOString() })}\n`);
      log(`dataset: built in ${buildSeconds} s`);
    }
  } catch (err) {
    await db.stop().catch(() => {});
    throw err;
  }
  const dataset: ReusableDataset = {
    url: db.url,
    persons,
    buildSeconds,
    reused,
    async restart() {
      await db.stop();
      db = await startEmbeddedDatabase({ dataDir: path.join(dir, 'pg'), fast: true });
      dataset.url = db.url;
      return db.url;
    },
    stop: () => db.stop(),
  };
  return dataset;
}
