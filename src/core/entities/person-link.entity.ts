import { EntitySchema } from '@mikro-orm/core';
import type { Person } from './person.entity.js';

export type PersonLinkKind = 'GUARDIAN' | 'CUSTODIAN' | 'HELPER' | 'TEACHER_PAIRING';

/** A directed relation between two persons that is not kinship: guardian, custodian (托养人), helper, paired teacher. */
export interface PersonLink {
  id: string;
  fromPerson: Person;
  toPerson: Person;
  kind: PersonLinkKind;
  sourceDepartment: string;
  startDate: string | null;
  endDate: string | null;
  createdAt: Date;
}

export const PersonLinkEntity = new EntitySchema<PersonLink>({
  name: 'PersonLink',
  schema: 'core',
  tableName: 'person_link',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    fromPerson: { kind: 'm:1', entity: 'Person', index: true },
    toPerson: { kind: 'm:1', entity: 'Person', index: true },
    kind: { type: 'string', length: 16 },
    sourceDepartment: { type: 'string', length: 32 },
    startDate: { type: 'date', nullable: true },
    endDate: { type: 'date', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date(), defaultRaw: 'now()' },
  },
});
