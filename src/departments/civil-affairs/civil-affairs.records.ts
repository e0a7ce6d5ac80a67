import type { RecordKind } from '../../contract/department-module.js';

const schema = 'civil_affairs';

/** Read-path description of every civil-affairs record kind, keyed by its GraphQL field. */
export const civilAffairsRecords = {
  enrolments: { schema, table: 'assistance_enrolment', owner: 'person', orderBy: 'start_date desc, id' },
  careTargets: { schema, table: 'care_target', owner: 'person', orderBy: 'start_date desc, id' },
  careVisits: { schema, table: 'care_visit', owner: 'person', orderBy: 'visit_date desc, id' },
  custodyAgreements: { schema, table: 'custody_agreement', owner: 'person', orderBy: 'signed_date desc, id' },
  finance: { schema, table: 'household_finance', owner: 'household', orderBy: 'year desc, id' },
} satisfies Record<string, RecordKind>;
