import { EntitySchema, type EntitySchemaProperty } from '@mikro-orm/core';
import type { Person } from '../core/entities/person.entity.js';
import type { Household } from '../core/entities/household.entity.js';

/**
 * Provenance every department record carries (DESIGN §4): which department said it, under which
 * of its own keys, when it last changed there, and when and by whom it reached the hub. Re-sending
 * a record with the same `sourceRecordId` is an update, never a duplicate (unique per table).
 */
export interface DepartmentRecord {
  id: string;
  sourceRecordId: string;
  sourceDepartment: string;
  sourceUpdatedAt: Date | null;
  ingestedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface PersonRecord extends DepartmentRecord {
  person: Person;
}

export interface HouseholdRecord extends DepartmentRecord {
  household: Household;
}

type Props<T> = { [K in keyof T]?: EntitySchemaProperty<T[K], T> };

export interface RecordDefinition<T> {
  /** Entity name, unique across the hub, e.g. `AssistanceEnrolment`. */
  name: string;
  /** Department code, e.g. `civil-affairs`. */
  department: string;
  /** Postgres schema owning the table, e.g. `civil_affairs`. */
  schema: string;
  tableName: string;
  /** Whether the record is about a person (most) or a whole household (finance declarations). */
  owner: 'person' | 'household';
  properties: Omit<Props<T>, keyof PersonRecord | 'household'>;
}

/**
 * Declares a department record kind as a MikroORM entity with the provenance columns added.
 * @example
 * export const SubsidyEntity = defineDepartmentRecord<Subsidy>({
 *   name: 'DisabilitySubsidy', department: 'disability', schema: 'disability', tableName: 'subsidy',
 *   owner: 'person', properties: { kind: { type: 'string', length: 16 } },
 * });
 */
export function defineDepartmentRecord<T extends DepartmentRecord>(def: RecordDefinition<T>): EntitySchema<T> {
  const ownerProperty =
    def.owner === 'person'
      ? { person: { kind: 'm:1', entity: 'Person', index: true } }
      : { household: { kind: 'm:1', entity: 'Household', index: true } };
  return new EntitySchema<T>({
    name: def.name,
    schema: def.schema,
    tableName: def.tableName,
    properties: {
      id: { type: 'bigint', primary: true, autoincrement: true },
      ...ownerProperty,
      sourceRecordId: { type: 'string', length: 64, unique: true },
      sourceDepartment: { type: 'string', length: 32, default: def.department },
      sourceUpdatedAt: { type: 'Date', nullable: true },
      ingestedBy: { type: 'string', length: 64, nullable: true },
      createdAt: { type: 'Date', onCreate: () => new Date(), defaultRaw: 'now()' },
      updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date(), defaultRaw: 'now()' },
      version: { type: 'integer', version: true, default: 1 },
      ...def.properties,
    } as never,
  });
}
