import { EntitySchema } from '@mikro-orm/core';
import type { Household } from './household.entity.js';

export type Gender = 'MALE' | 'FEMALE';
export type Ability = 'FULL' | 'PARTIAL' | 'NONE';

/** A person known to at least one department, keyed by the canonical 18-character ID number. */
export interface Person {
  id: string;
  idNumber: string;
  name: string;
  gender: Gender;
  birthDate: string;
  ethnicity: string | null;
  phone: string | null;
  address: string | null;
  household: Household | null;
  relationToHead: string | null;
  labourAbility: Ability | null;
  selfCareAbility: Ability | null;
  deceasedDate: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const PersonEntity = new EntitySchema<Person>({
  name: 'Person',
  schema: 'core',
  tableName: 'person',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    idNumber: { type: 'string', length: 18, unique: true },
    name: { type: 'string', length: 50 },
    gender: { type: 'string', length: 6 },
    birthDate: { type: 'date', index: true },
    ethnicity: { type: 'string', length: 20, nullable: true },
    phone: { type: 'string', length: 20, nullable: true },
    address: { type: 'string', length: 200, nullable: true },
    household: { kind: 'm:1', entity: 'Household', nullable: true, index: true },
    relationToHead: { type: 'string', length: 16, nullable: true },
    labourAbility: { type: 'string', length: 8, nullable: true },
    selfCareAbility: { type: 'string', length: 8, nullable: true },
    deceasedDate: { type: 'date', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date(), defaultRaw: 'now()' },
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date(), defaultRaw: 'now()' },
  },
});
