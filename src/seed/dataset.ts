/**
 * The demo dataset without a database: the world plus every table's row iterator, in load order
 * (parents before children). Tests collect rows in memory; the seeder streams them into COPY.
 */
import { departments } from '../departments/registry.js';
import type { CountyPlaces } from './places.js';
import { coreTables } from './tables/core-tables.js';
import { healthTables } from './tables/health-tables.js';
import { womensFederationTables } from './tables/womens-federation-tables.js';
import type { CopyRow, TableSpec } from '../contract/seed-table.js';
import type { DepartmentSeed } from '../contract/department-module.js';
import { buildWorld } from './world.js';
import type { World } from './world-types.js';

export interface DatasetOptions {
  persons: number;
  seed: number;
  places: CountyPlaces;
}

/**
 * The original departments' tables not yet moved into their folders (`DepartmentModule.seed`),
 * by department code. Every department seeds in registry order, so tables load in the same order
 * (and the seeded county stays byte-identical) whichever of them has moved.
 */
const UNMOVED: Record<string, DepartmentSeed> = {
  'womens-federation': { tables: ['womens_federation.left_behind_woman', 'womens_federation.training', 'womens_federation.support_case'], build: womensFederationTables },
  health: { tables: ['health.family_doctor_contract', 'health.health_check', 'health.condition', 'health.medical_expense', 'health.death'], build: healthTables },
};

const departmentSeeds = (): DepartmentSeed[] => departments.flatMap((d) => d.seed ?? UNMOVED[d.code] ?? []);

export interface Dataset {
  world: World;
  tables: TableSpec[];
}

/**
 * Builds the world and declares all tables (rows are produced lazily by each `rows()`).
 * @example const { tables } = generateDataset({ persons: 5000, seed: 1, places });
 */
export function generateDataset(opts: DatasetOptions): Dataset {
  const world = buildWorld(opts);
  const tables = [...coreTables(world), ...departmentSeeds().flatMap((seed) => seed.build(world))];
  return { world, tables };
}

/** All rows of one table as an array (for tests and small datasets). */
export function collectRows(dataset: Dataset, table: string): CopyRow[] {
  const spec = dataset.tables.find((t) => t.table === table);
  if (!spec) throw new Error(`No table ${table} in the dataset`);
  return [...spec.rows()];
}

/** Tables the seeder writes to, in load order. */
export const SEEDED_TABLES: readonly string[] = [
  'core.household', 'core.person', 'core.person_link',
  ...departmentSeeds().flatMap((seed) => seed.tables),
];
