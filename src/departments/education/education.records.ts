import type { RecordKind } from '../../contract/department-module.js';

const schema = 'education';

/** Read-path description of every education record kind, keyed by its GraphQL field. */
export const educationRecords = {
  // Term codes lead with the school year, so text order is chronological; id breaks ties.
  enrolments: { schema, table: 'enrolment', owner: 'person', orderBy: 'term desc, id' },
  teacherPairings: { schema, table: 'teacher_pairing', owner: 'person', orderBy: 'since_date desc, id' },
  aids: { schema, table: 'education_aid', owner: 'person', orderBy: 'year desc, id' },
  dropoutCases: { schema, table: 'dropout_case', owner: 'person', orderBy: 'reported_date desc, id' },
} satisfies Record<string, RecordKind>;
