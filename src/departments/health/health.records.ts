import type { RecordKind } from '../../contract/department-module.js';

const schema = 'health';

/** Read-path description of every health record kind, keyed by its GraphQL field. */
export const healthRecords = {
  familyDoctorContracts: { schema, table: 'family_doctor_contract', owner: 'person', orderBy: 'signed_date desc, id' },
  checks: { schema, table: 'health_check', owner: 'person', orderBy: 'check_date desc, id' },
  conditions: { schema, table: 'condition', owner: 'person', orderBy: 'diagnosed_date desc, id' },
  medicalExpenses: { schema, table: 'medical_expense', owner: 'person', orderBy: 'year desc, id' },
  deaths: { schema, table: 'death', owner: 'person', orderBy: 'death_date desc, id' },
} satisfies Record<string, RecordKind>;
