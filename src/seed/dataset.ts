/**
 * The demo dataset without a database: the world plus every table's row iterator, in load order
 * (parents before children). Tests collect rows in memory; the seeder streams them into COPY.
 */
import { departments } from '../departments/registry.js';
import type { CountyPlaces } from './places.js';
import { coreTables } from './tables/core-tables.js';
import type { CopyRow, TableSpec } from '../contract/seed-table.js';
import type { DepartmentSeed } from '../contract/department-module.js';
import { buildWorld } from './world.js';
import { encryptedColumnsOf } from '../crypto/encrypted-columns.js';
import { fieldEncryption } from '../crypto/field-encryption.js';
import type { World } from './world-types.js';

export interface DatasetOptions {
  persons: number;
  seed: number;
  places: CountyPlaces;
}

/**
 * Every department's tables come from its module (`DepartmentModule.seed`), in registry order: each
 * table draws from its own PRNG stream, so the order only decides load order (parents first).
 */
const departmentSeeds = (): DepartmentSeed[] => departments.flatMap((d) => d.seed ?? []);

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
  const tables = [...coreTables(world), ...departmentSeeds().flatMap((seed) => seed.build(world)).map(sealed)];
  return { world, tables };
}

/**
 * A department table whose encrypted columns (intake columns declared `encrypted`: third parties'
 * names, phones, certificate numbers) are sealed as rows stream out, as intake would store them:
 * department seeds render the world in clear and need not know what is encrypted.
 */
function sealed(spec: TableSpec): TableSpec {
  const encrypted = encryptedColumnsOf(departments);
  const at = spec.columns.flatMap((c, i) => (encrypted.has(`${spec.table}.${c}`) ? [{ i, column: `${spec.table}.${c}` }] : []));
  if (at.length === 0) return spec;
  return {
    ...spec,
    *rows() {
      const encryption = fieldEncryption();
      for (const row of spec.rows()) {
        const out = [...row];
        for (const { i, column } of at) out[i] = encryption.seal(column, out[i] == null ? null : String(out[i]));
        yield out;
      }
    },
  };
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
