import type { DimensionSpec } from '../../contract/report-dimension.js';
import { hasRecord, YES_NO } from '../../reports/dimension-sql.js';

/** Report dimensions contributed by health (each guarded by `health:read` in its schema.graphql). */
export const healthDimensions = {
  FAMILY_DOCTOR_SIGNED: {
    label: '家庭医生签约',
    sql: hasRecord('health.family_doctor_contract', 'valid_until >= current_date'),
    labels: YES_NO,
  },
} satisfies Record<string, DimensionSpec>;
