/**
 * Seeds a database with the deterministic demo county: loads the province's divisions, builds
 * the world for the county's villages, and streams every table through COPY in one transaction.
 */
import type pg from 'pg';
import { loadRegions, toRegionCode, type RegionRow } from '../identity/regions.js';
import { copyRows } from '../db/copy-writer.js';
import { inTransaction } from '../db/pg-client.js';
import { generateDataset, SEEDED_TABLES } from './dataset.js';
import { countyPlaces, type CountyPlaces } from './places.js';

export interface SeedOptions {
  persons: number;
  /** 6-digit county code, e.g. '410823' (武陟县). */
  county: string;
  seed: number;
  /** Empty all person/household/department tables first (`truncate … restart identity cascade`). */
  reset?: boolean;
  log?: (msg: string) => void;
}

export interface SeedSummary {
  persons: number;
  county: string;
  seed: number;
  /** Rows written per table (qualified name), in load order. */
  rows: Record<string, number>;
  totalRows: number;
  regionsInserted: number;
  /** Wall time of the whole seed, including region loading and ANALYZE. */
  elapsedMs: number;
  /** Time spent building the world in memory (a part of elapsedMs). */
  generateMs: number;
}

/** Reads the county, its city and province, and everything under the county prefix. */
async function readCountyPlaces(client: pg.ClientBase, county: string): Promise<CountyPlaces> {
  const res = await client.query<{ code: string; name: string; level: RegionRow['level']; parent_code: string | null }>(
    `select code, name, level, parent_code from core.region
      where code like $1 or code = $2 or code = $3`,
    [`${county}%`, toRegionCode(county.slice(0, 4)), toRegionCode(county.slice(0, 2))],
  );
  return countyPlaces(
    res.rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code })),
    county,
  );
}

async function ensureEmpty(client: pg.ClientBase, reset: boolean, log: (msg: string) => void): Promise<void> {
  if (reset) {
    log('reset: truncating person, household and department tables');
    await client.query(`truncate ${SEEDED_TABLES.join(', ')} restart identity cascade`);
    return;
  }
  const res = await client.query<{ persons: boolean; households: boolean }>(
    'select exists (select 1 from core.person) as persons, exists (select 1 from core.household) as households',
  );
  const { persons, households } = res.rows[0]!;
  if (persons || households) {
    throw new Error('core.person / core.household already hold data; seeding only fills an empty database (pass reset: true, or --reset on the CLI, to replace it)');
  }
}

/** Moves each table's id sequence past the explicit ids written by COPY. */
async function syncSequences(client: pg.ClientBase): Promise<void> {
  for (const table of SEEDED_TABLES) {
    await client.query(`select setval(pg_get_serial_sequence($1, 'id'), greatest(coalesce(max(id), 0), 1), max(id) is not null) from ${table}`, [table]);
  }
}

/**
 * Fills the database with `opts.persons` persons of a county and all five departments' records.
 * Same seed, persons and county give byte-identical rows.
 * @throws when the county is unknown or core.person is not empty (unless `reset`)
 */
export async function seedDemoData(client: pg.ClientBase, opts: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  if (!/^\d{6}$/.test(opts.county)) throw new Error(`County code "${opts.county}" must have 6 digits`);
  // Fail before the costly parts; checked again inside the transaction.
  if (!opts.reset) await ensureEmpty(client, false, log);
  const regionsInserted = await loadRegions(client, opts.county.slice(0, 2));
  if (regionsInserted > 0) log(`regions: loaded ${regionsInserted} divisions of province ${opts.county.slice(0, 2)}`);
  const places = await readCountyPlaces(client, opts.county);

  const genStart = performance.now();
  const dataset = generateDataset({ persons: opts.persons, seed: opts.seed, places });
  const generateMs = performance.now() - genStart;
  log(`world: ${dataset.world.persons.length} persons in ${dataset.world.households.length} households over ${places.villages.length} villages of ${places.countyName} (${Math.round(generateMs)} ms)`);

  const rows: Record<string, number> = {};
  await inTransaction(client, false, async () => {
    await ensureEmpty(client, opts.reset ?? false, log);
    for (const spec of dataset.tables) {
      const t0 = performance.now();
      rows[spec.table] = await copyRows(client, spec.table, spec.columns, spec.rows());
      log(`${spec.table}: ${rows[spec.table]} rows (${Math.round(performance.now() - t0)} ms)`);
    }
    await syncSequences(client);
  });
  // Fresh tables have no statistics (plans go wrong) and no visibility map or hint bits (the
  // first scans of every page would pay for setting them): vacuum once after the load.
  await client.query('vacuum analyze');
  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
  return { persons: opts.persons, county: opts.county, seed: opts.seed, rows, totalRows, regionsInserted, elapsedMs: performance.now() - started, generateMs };
}
