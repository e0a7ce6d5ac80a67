import type { RecordKind } from '../../contract/department-module.js';

const schema = 'hrss';

/** Read-path description of every hrss record kind, keyed by its GraphQL field. */
export const hrssRecords = {
  posts: { schema, table: 'post', owner: 'person', orderBy: 'start_date desc, id' },
  // One table read from both ends: the person helped owns the row, the helper is named in it.
  pairingsAsHelped: { schema, table: 'pairing', owner: 'person', orderBy: 'start_date desc, id' },
  pairingsAsHelper: { schema, table: 'pairing', owner: 'person', ownerColumn: 'helper_person_id', orderBy: 'start_date desc, id' },
  attendance: { schema, table: 'attendance', owner: 'person', orderBy: 'month desc, id' },
  assessments: { schema, table: 'assessment', owner: 'person', orderBy: 'period_end desc, id' },
} satisfies Record<string, RecordKind>;
