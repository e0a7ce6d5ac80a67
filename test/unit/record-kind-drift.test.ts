import type { MikroORM } from '@mikro-orm/postgresql';
import { departments } from '../../src/departments/registry.js';
import { hrss } from '../../src/departments/hrss/index.js';
import { postKind } from '../../src/departments/hrss/hrss.intake.js';
import { col, int } from '../../src/contract/intake-kind.js';
import { initOrm, migrate } from '../../src/db/orm.js';
import { generateDataset } from '../../src/seed/dataset.js';
import { countyPlaces } from '../../src/seed/places.js';
import { readProvinceDivisions } from '../../src/identity/regions.js';
import { recordTableColumns } from '../../src/seed/table-spec.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { driftOf, recordKindViews, recordTypes, SDL_ONLY_FIELDS, SDL_TYPE_NAMES, type DriftSources } from '../support/record-kind-drift.js';

/**
 * A record kind's columns are written down in five places: the SDL type, the MikroORM entity, the
 * migration, the intake kind and the demo seed table (the seed's columns are derived from the
 * intake kind where a department uses `recordTable`). This test holds all five together for every
 * record kind of every registered department, reading the columns the migrations really created
 * from a real database. The documented exceptions (SDL_TYPE_NAMES, SDL_ONLY_FIELDS) say why each
 * one differs.
 */
let db: TestDatabase;
let orm: MikroORM;
let sources: DriftSources;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await initOrm({ url: db.url, departments });
  await migrate(orm);
  const rows: Array<{ table: string; column: string }> = await orm.em.getConnection().execute(
    `select table_schema || '.' || table_name as "table", column_name as "column" from information_schema.columns
      where table_schema not in ('pg_catalog', 'information_schema', 'public') order by ordinal_position`,
  );
  const tables = new Map<string, string[]>();
  for (const r of rows) tables.set(r.table, [...(tables.get(r.table) ?? []), r.column]);
  const { tables: seed } = generateDataset({ persons: 3000, seed: 1, places: countyPlaces(readProvinceDivisions('41'), '410823') });
  sources = { metadata: orm.getMetadata().getAll(), tables, seed };
}, 120_000);
afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

describe.each(departments.map((d) => [d.code, d] as const))('%s', (_code, department) => {
  it('declares each record kind the same in its SDL type, entity, migrated table, intake kind and seed table', () => {
    const views = recordKindViews(department, sources);
    expect(views.length).toBeGreaterThan(0);
    expect(views.flatMap(driftOf)).toEqual([]);
  });

  it('has an entity behind every record type of its SDL', () => {
    const entityTypes = recordKindViews(department, sources).map((v) => v.sdlType);
    expect([...recordTypes(department).keys()].filter((t) => !entityTypes.includes(t))).toEqual([]);
  });
});

it('every documented exception names a type and field that exist, so none outlives its reason', () => {
  const types = new Map(departments.flatMap((d) => [...recordTypes(d)]));
  for (const [entity, { type }] of Object.entries(SDL_TYPE_NAMES)) {
    expect(sources.metadata[entity]).toBeDefined();
    expect(types.has(type)).toBe(true);
  }
  for (const key of Object.keys(SDL_ONLY_FIELDS)) {
    const [type, field] = key.split('.');
    expect(types.get(type!)?.fields?.map((f) => f.name.value)).toContain(field);
  }
});

describe('a column added in one place only', () => {
  const hoursPerWeek = col('hoursPerWeek', ['每周工时'], int(0, 80));
  const postView = (module: typeof hrss, seed = sources.seed) => recordKindViews(module, { ...sources, seed }).find((v) => v.table === 'hrss.post')!;

  it('is found when only the intake kind has it (the seed table, derived from it, then has too few values)', () => {
    expect(postView(hrss).seed!.firstRowWidth).toBe(12);
    const drifted = { ...postKind, columns: [...postKind.columns, hoursPerWeek] };
    const seed = sources.seed.map((t) => (t.table === 'hrss.post' ? { ...t, columns: recordTableColumns(drifted) } : t));
    expect(driftOf(postView({ ...hrss, intake: [drifted, ...hrss.intake!.slice(1)] }, seed))).toEqual([
      'hrss.post: the intake kind has hours_per_week, the entity does not',
      'hrss.post: the seed table has hours_per_week, the entity does not',
      'hrss.post: the seed rows have 12 values for 13 columns',
    ]);
  });

  it('is found when only the SDL type has it', () => {
    const sdl = (hrss.typeDefs as string).replace(/(type MutualAidPost implements DepartmentRecord[^{]*\{)/, '$1\n  hoursPerWeek: Int');
    expect(sdl).not.toBe(hrss.typeDefs);
    expect(driftOf(postView({ ...hrss, typeDefs: sdl }))).toEqual(['hrss.post: the SDL type MutualAidPost has hours_per_week, the entity does not']);
  });

  it('is found when only the entity and its migration have it', () => {
    const view = postView(hrss);
    expect(driftOf({ ...view, entityColumns: [...view.entityColumns, 'hours_per_week'], tableColumns: [...view.tableColumns!, 'hours_per_week'] })).toEqual([
      'hrss.post: the entity has hours_per_week, the SDL type MutualAidPost does not',
      'hrss.post: the entity has hours_per_week, the intake kind does not',
      'hrss.post: the entity has hours_per_week, the seed table does not',
    ]);
  });
});
