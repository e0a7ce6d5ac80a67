import type { RecordKind } from '../../contract/department-module.js';

const schema = 'womens_federation';

/** Read-path description of every women's-federation record kind, keyed by its GraphQL field. */
export const womensFederationRecords = {
  // The registration has no date of its own; the newest registration is the newest row.
  leftBehindRecords: { schema, table: 'left_behind_woman', owner: 'person', orderBy: 'id desc' },
  trainings: { schema, table: 'training', owner: 'person', orderBy: 'start_date desc, id' },
  supportCases: { schema, table: 'support_case', owner: 'person', orderBy: 'opened_date desc, id' },
} satisfies Record<string, RecordKind>;
