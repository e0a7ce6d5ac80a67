import type { RecordKind } from '../../contract/department-module.js';

const schema = 'disability';

/** Read-path description of every disability record kind, keyed by its GraphQL field. */
export const disabilityRecords = {
  certificates: { schema, table: 'certificate', owner: 'person', orderBy: 'issued_date desc, id' },
  rehabServices: { schema, table: 'rehab_service', owner: 'person', orderBy: 'referred_date desc, id' },
  subsidies: { schema, table: 'subsidy', owner: 'person', orderBy: 'start_date desc, id' },
  aidGrants: { schema, table: 'aid_grant', owner: 'person', orderBy: 'granted_date desc, id' },
} satisfies Record<string, RecordKind>;
