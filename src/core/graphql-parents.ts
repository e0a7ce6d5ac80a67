/**
 * What resolvers receive as parents for each GraphQL type (codegen `mappers`). Types not listed
 * here are plain objects shaped like their GraphQL type.
 */
import type { Person } from './entities/person.entity.js';
import type { Household } from './entities/household.entity.js';
import type { ConnectionValue } from './connection.js';
import type { AuditEventRow } from '../auth/audit-query.js';

export type { Person as PersonRow } from './entities/person.entity.js';
export type { Household as HouseholdRow } from './entities/household.entity.js';
export type { Region as RegionRow } from './entities/region.entity.js';
export type { PersonLink as PersonLinkRow } from './entities/person-link.entity.js';
export type { RecordRow, ProvenanceValue } from './loaders/record-row.js';

export type PersonConnectionParent = ConnectionValue<Person>;
export type AuditEventConnectionParent = ConnectionValue<AuditEventRow>;
export type HouseholdConnectionParent = ConnectionValue<Household>;
export interface PersonEdgeParent {
  cursor: string;
  node: Person;
}
export interface HouseholdEdgeParent {
  cursor: string;
  node: Household;
}

/** Parent of every `<Department>Profile` type: the person whose records it holds. */
export interface DepartmentProfile {
  personId: string;
}
