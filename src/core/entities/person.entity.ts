import { EntitySchema } from '@mikro-orm/core';
import type { Household } from './household.entity.js';

export type Gender = 'MALE' | 'FEMALE';
export type Ability = 'FULL' | 'PARTIAL' | 'NONE';

/**
 * A person known to at least one department, keyed by the canonical 18-character ID number.
 * `idNumber`, `phone` and `address` hold what is stored — SM4 ciphertext (src/crypto/) — and are
 * opened by the Person resolvers; look-ups use `idNumberBidx`, the number's blind index.
 */
export interface Person {
  id: string;
  idNumber: string;
  idNumberBidx?: string | null;
  idNumberCounty?: string | null;
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
    idNumber: { type: 'text' },
    idNumberBidx: { type: 'text', nullable: true, unique: 'person_id_number_bidx_unique' },
    idNumberCounty: { type: 'string', length: 6, nullable: true },
    name: { type: 'string', length: 50 },
    gender: { type: 'string', length: 6 },
    birthDate: { type: 'date', index: true },
    ethnicity: { type: 'string', length: 20, nullable: true },
    phone: { type: 'text', nullable: true },
    address: { type: 'text', nullable: true },
    household: { kind: 'm:1', entity: 'Household', nullable: true, index: true },
    relationToHead: { type: 'string', length: 16, nullable: true },
    labourAbility: { type: 'string', length: 8, nullable: true },
    selfCareAbility: { type: 'string', length: 8, nullable: true },
    deceasedDate: { type: 'date', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date(), defaultRaw: 'now()' },
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date(), defaultRaw: 'now()' },
  },
});
