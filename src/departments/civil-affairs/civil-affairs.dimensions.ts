import type { DimensionSpec } from '../../contract/report-dimension.js';
import { first, NONE } from '../../reports/dimension-sql.js';

/** Report dimensions contributed by civil affairs (each guarded by `civil-affairs:read` in its schema.graphql). */
export const civilAffairsDimensions = {
  ASSISTANCE_PROGRAM: {
    label: '救助类型',
    sql: `coalesce((array['TEKUN', 'DIBAO', 'DIBAO_EDGE', 'TEMPORARY'])[$j.rank], 'NONE')`,
    join: `(select person_id, min(case program when 'TEKUN' then 1 when 'DIBAO' then 2 when 'DIBAO_EDGE' then 3 else 4 end) as rank
      from civil_affairs.assistance_enrolment where status = 'ACTIVE' group by person_id)`,
    labels: { ...NONE, TEKUN: '特困', DIBAO: '低保', DIBAO_EDGE: '低保边缘', TEMPORARY: '临时救助' },
  },
  CARE_CATEGORY: {
    label: '关爱对象类别',
    sql: `coalesce($j.v, 'NONE')`,
    join: first('civil_affairs.care_target', 'category', 'start_date, id'),
    labels: {
      ...NONE, LEFT_BEHIND_CHILD: '留守儿童', LEFT_BEHIND_WOMAN: '留守妇女', LEFT_BEHIND_ELDERLY: '留守老人',
      THREE_NO: '三无人员', SEVERE_DISABLED: '重度残疾人', FIVE_GUARANTEE: '五保户',
    },
  },
  CUSTODY_MODE: {
    label: '托养方式',
    sql: `coalesce($j.v, 'NONE')`,
    join: first('civil_affairs.custody_agreement', 'mode', 'signed_date desc, id desc'),
    labels: { ...NONE, CENTRALISED_MEDICAL: '集中医养', FAMILY: '亲情托养', NEIGHBOUR: '邻里托养', CHARITY: '慈善托养', CONTRACTED: '包帮托养' },
  },
} satisfies Record<string, DimensionSpec>;
