import type { DimensionSpec } from '../../contract/report-dimension.js';
import { first, NONE } from '../../reports/dimension-sql.js';

/** Report dimensions contributed by disability (each guarded by `disability:read` in its schema.graphql). */
export const disabilityDimensions = {
  DISABILITY_CATEGORY: {
    label: '残疾类别',
    sql: `coalesce((array['VISUAL','HEARING','SPEECH','PHYSICAL','INTELLECTUAL','MENTAL','MULTIPLE'])[$j.v::int], 'NONE')`,
    join: first('disability.certificate', 'category', 'issued_date desc, id desc'),
    labels: { ...NONE, VISUAL: '视力', HEARING: '听力', SPEECH: '言语', PHYSICAL: '肢体', INTELLECTUAL: '智力', MENTAL: '精神', MULTIPLE: '多重' },
  },
  DISABILITY_GRADE: {
    label: '残疾等级',
    sql: `coalesce($j.v, 'NONE')`,
    join: `(select person_id, min(grade)::text as v from disability.certificate group by person_id)`,
    labels: { ...NONE, 1: '一级', 2: '二级', 3: '三级', 4: '四级' },
  },
} satisfies Record<string, DimensionSpec>;
