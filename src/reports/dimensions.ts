import type { DepartmentModule } from '../contract/department-module.js';
import type { DimensionSpec } from '../contract/report-dimension.js';

const NONE = { NONE: '无' };
const YES_NO = { YES: '是', NO: '否' };
const age = `extract(year from age(current_date, p.birth_date))`;
/** The person's most relevant record of a table: DISTINCT ON keeps one row per person. */
const first = (table: string, column: string, order: string) =>
  `(select distinct on (person_id) person_id, ${column}::text as v from ${table} order by person_id, ${order})`;
const hasRecord = (table: string, where: string) =>
  `case when p.id in (select person_id from ${table} where ${where}) then 'YES' else 'NO' end`;

export const DIMENSIONS: Record<string, DimensionSpec> = {
  REGION_COUNTY: { label: '县', sql: `coalesce(substr(p.region_code, 1, 6), 'NONE')`, region: { digits: 6 } },
  REGION_TOWNSHIP: { label: '乡镇', sql: `coalesce(substr(p.region_code, 1, 9), 'NONE')`, region: { digits: 9 } },
  REGION_VILLAGE: { label: '村', sql: `coalesce(p.region_code, 'NONE')`, region: { digits: 12 } },
  GENDER: { label: '性别', sql: 'p.gender', labels: { MALE: '男', FEMALE: '女' } },
  AGE_BAND: {
    label: '年龄段',
    sql: `case when ${age} < 6 then '0-5' when ${age} < 18 then '6-17' when ${age} < 60 then '18-59' when ${age} < 80 then '60-79' else '80+' end`,
    labels: { '0-5': '0-5岁', '6-17': '6-17岁', '18-59': '18-59岁', '60-79': '60-79岁', '80+': '80岁及以上' },
  },
  MONITORING_STATUS: {
    label: '监测状态',
    sql: `coalesce(h.monitoring_status, 'NONE')`,
    labels: { NONE: '无', DIBAO: '低保', TEKUN: '特困', DIBAO_EDGE: '低保边缘', PREVENT_RETURN: '防返贫监测', SAFETY_NET: '兜底' },
  },
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
  FAMILY_DOCTOR_SIGNED: {
    label: '家庭医生签约',
    sql: hasRecord('health.family_doctor_contract', 'valid_until >= current_date'),
    labels: YES_NO,
  },
};

/**
 * The built-in dimensions plus those the departments contribute (`DepartmentModule.dimensions`,
 * each also declared with `extend enum ReportDimension` in the department's SDL).
 */
export function dimensionsOf(departments: readonly DepartmentModule[]): Record<string, DimensionSpec> {
  return Object.assign({}, DIMENSIONS, ...departments.map((d) => d.dimensions ?? {}));
}
