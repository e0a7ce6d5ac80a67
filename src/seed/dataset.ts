/**
 * The demo dataset without a database: the world plus every table's row iterator, in load order
 * (parents before children). Tests collect rows in memory; the seeder streams them into COPY.
 */
import { departments } from '../departments/registry.js';
import type { CountyPlaces } from './places.js';
import { civilAffairsTables } from './tables/civil-affairs-tables.js';
import { coreTables } from './tables/core-tables.js';
import { disabilityTables } from './tables/disability-tables.js';
import { educationTables } from './tables/education-tables.js';
import { healthTables } from './tables/health-tables.js';
import { womensFederationTables } from './tables/womens-federation-tables.js';
import type { CopyRow, TableSpec } from '../contract/seed-table.js';
import { buildWorld } from './world.js';
import type { World } from './world-types.js';

export interface DatasetOptions {
  persons: number;
  seed: number;
  places: CountyPlaces;
}

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
  const tables = [
    ...coreTables(world),
    ...civilAffairsTables(world),
    ...disabilityTables(world),
    ...educationTables(world),
    ...womensFederationTables(world),
    ...healthTables(world),
    // Departments added through the module contract seed themselves, after the original five.
    ...departments.flatMap((d) => d.seed?.build(world) ?? []),
  ];
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
  'civil_affairs.assistance_enrolment', 'civil_affairs.care_target', 'civil_affairs.care_visit', 'civil_affairs.custody_agreement', 'civil_affairs.household_finance',
  'disability.certificate', 'disability.rehab_service', 'disability.subsidy', 'disability.aid_grant',
  'education.enrolment', 'education.teacher_pairing', 'education.education_aid', 'education.dropout_case',
  'womens_federation.left_behind_woman', 'womens_federation.training', 'womens_federation.support_case',
  'health.family_doctor_contract', 'health.health_check', 'health.condition', 'health.medical_expense', 'health.death',
  ...departments.flatMap((d) => d.seed?.tables ?? []),
];
