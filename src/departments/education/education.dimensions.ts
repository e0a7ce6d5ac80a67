import type { DimensionSpec } from '../../contract/report-dimension.js';
import { first, hasRecord, NONE, YES_NO } from '../../reports/dimension-sql.js';

/** Report dimensions contributed by education (each guarded by `education:read` in its schema.graphql). */
export const educationDimensions = {
  SCHOOL_STATUS: {
    label: '学籍状态',
    sql: `coalesce($j.v, 'NONE')`,
    join: first('education.enrolment', 'status', 'term desc, id desc'),
    labels: { ...NONE, ENROLLED: '在校', DROPPED_OUT: '辍学', SUSPENDED: '休学', GRADUATED: '毕业' },
  },
  LEFT_BEHIND: {
    label: '留守儿童',
    sql: hasRecord('education.enrolment', 'left_behind'),
    labels: YES_NO,
  },
} satisfies Record<string, DimensionSpec>;
