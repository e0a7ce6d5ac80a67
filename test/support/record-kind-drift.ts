import { Kind, parse, type DocumentNode, type ObjectTypeDefinitionNode } from 'graphql';
import type { EntityMetadata } from '@mikro-orm/core';
import type { DepartmentModule } from '../../src/contract/department-module.js';
import type { TableSpec } from '../../src/contract/seed-table.js';

/**
 * The five places a record kind's columns are written down — SDL object type, MikroORM entity,
 * migrated table, intake kind, demo seed table — read into one comparable view per entity, and
 * the disagreements between them. test/unit/record-kind-drift.test.ts runs it over every
 * registered department and over deliberately drifted copies.
 */

/** Where the SDL type is not named like the entity, and why. */
export const SDL_TYPE_NAMES: Record<string, { type: string; reason: string }> = {
  LeftBehindWomanProfile: {
    type: 'LeftBehindWomanRecord',
    reason: 'the SDL names the record after the profile list that shows it (leftBehindRecords); the entity and the intake kind keep the ledger name, which the API spells in upsertLeftBehindWomanProfiles',
  },
};

/** SDL fields that are not a column of their own, and why. */
export const SDL_ONLY_FIELDS: Record<string, string> = {
  'HouseholdFinance.rigidExpenditure': 'computed by its resolver: the sum of the four rigid expenditures (刚性支出)',
  'MutualAidPost.village': 'the Region named by villageCode, through the region loader',
  'MutualAidPairing.helped': 'the record owner (person_id) as a Person, through the person loader',
};

/** Provenance and identity: declared once by defineDepartmentRecord and the record migration pattern, shown as `provenance`. */
const PROVENANCE = ['id', 'source_record_id', 'source_department', 'source_updated_at', 'ingested_by', 'created_at', 'updated_at', 'version'];
/** The leading columns of every seed table (src/seed/table-spec.ts RECORD_COLUMNS, with the owner's column). */
const seedRecordColumns = (owner: string) => ['id', owner, 'source_record_id', 'source_updated_at'];

export interface RecordKindView {
  /** `hrss.post` */
  table: string;
  entity: string;
  sdlType: string;
  /** The owner column, `person_id` or `household_id`. */
  owner: string;
  /** Each source's own columns (provenance and owner left out), as database column names; null: the source has none for this kind. */
  sdl: string[] | null;
  entityColumns: string[];
  tableColumns: string[] | null;
  intake: string[] | null;
  /** The seed table's columns in order (record columns included) and the width of its first row. */
  seed: { columns: readonly string[]; firstRowWidth: number | null } | null;
}

export interface DriftSources {
  /** Metadata of every entity as MikroORM discovered it (`orm.getMetadata().getAll()`). */
  metadata: Record<string, EntityMetadata>;
  /** Every column of every table the migrations created, by qualified table name. */
  tables: Map<string, string[]>;
  /** The demo dataset's tables. */
  seed: readonly TableSpec[];
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const sdlOf = (d: DepartmentModule): DocumentNode => (typeof d.typeDefs === 'string' ? parse(d.typeDefs) : d.typeDefs);

/** Object types of a department's SDL that implement DepartmentRecord, by name. */
export function recordTypes(d: DepartmentModule): Map<string, ObjectTypeDefinitionNode> {
  const types = sdlOf(d).definitions.filter((def): def is ObjectTypeDefinitionNode => def.kind === Kind.OBJECT_TYPE_DEFINITION);
  return new Map(types.filter((t) => t.interfaces?.some((i) => i.name.value === 'DepartmentRecord')).map((t) => [t.name.value, t]));
}

/** One view per entity of the department. */
export function recordKindViews(d: DepartmentModule, sources: DriftSources): RecordKindView[] {
  const types = recordTypes(d);
  return d.entities.map((schema) => {
    const meta = sources.metadata[schema.meta.className]!;
    const table = `${meta.schema}.${meta.tableName}`;
    const columnOf = (prop: string) => meta.properties[prop as never]?.fieldNames?.[0];
    const owner = meta.properties['person' as never] ? 'person_id' : 'household_id';
    const own = (columns: readonly string[]) => columns.filter((c) => c !== owner && !PROVENANCE.includes(c));
    const sdlType = SDL_TYPE_NAMES[meta.className]?.type ?? meta.className;
    const type = types.get(sdlType);
    const kind = d.intake?.find((k) => `${k.dbSchema}.${k.table}` === table);
    const spec = sources.seed.find((t) => t.table === table);
    const firstRow = spec ? spec.rows()[Symbol.iterator]().next() : null;
    return {
      table,
      entity: meta.className,
      sdlType,
      owner,
      sdl: type
        ? type.fields!.map((f) => f.name.value).filter((f) => f !== 'id' && f !== 'provenance' && !SDL_ONLY_FIELDS[`${sdlType}.${f}`]).map((f) => columnOf(f) ?? snake(f))
        : null,
      entityColumns: own(Object.values(meta.properties).flatMap((p) => p.fieldNames ?? [])),
      tableColumns: sources.tables.has(table) ? own(sources.tables.get(table)!) : null,
      intake: kind ? kind.columns.map((c) => c.column) : null,
      seed: spec ? { columns: spec.columns, firstRowWidth: firstRow && !firstRow.done ? firstRow.value.length : null } : null,
    };
  });
}

function differences(what: string, columns: readonly string[] | null, entity: readonly string[]): string[] {
  if (!columns) return [`${what}: none declared`];
  return [
    ...columns.filter((c) => !entity.includes(c)).map((c) => `${what} has ${c}, the entity does not`),
    ...entity.filter((c) => !columns.includes(c)).map((c) => `the entity has ${c}, ${what} does not`),
  ];
}

/** Every disagreement of one record kind's five declarations, measured against the entity; [] when they agree. */
export function driftOf(view: RecordKindView): string[] {
  const found = [
    ...differences(`the SDL type ${view.sdlType}`, view.sdl, view.entityColumns),
    ...differences('the migrated table', view.tableColumns, view.entityColumns),
    ...differences('the intake kind', view.intake, view.entityColumns),
  ];
  if (!view.seed) found.push('seed: no demo table');
  else {
    const { columns, firstRowWidth } = view.seed;
    const lead = seedRecordColumns(view.owner);
    if (columns.slice(0, lead.length).join() !== lead.join()) found.push(`the seed table does not start with ${lead.join(', ')}`);
    found.push(...differences('the seed table', columns.slice(lead.length), view.entityColumns));
    // Rows are positional: the seed must list the kind's columns in the intake order it renders values in.
    if (view.intake && columns.slice(lead.length).join() !== view.intake.join()) found.push(`the seed table's column order differs from the intake kind's`);
    if (firstRowWidth !== null && firstRowWidth !== columns.length) found.push(`the seed rows have ${firstRowWidth} values for ${columns.length} columns`);
  }
  return found.map((f) => `${view.table}: ${f}`);
}
