import type { DepartmentModule } from '../contract/department-module.js';
import type { DimensionSpec } from '../contract/report-dimension.js';

const age = `extract(year from age(current_date, p.birth_date))`;

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
};

/**
 * The built-in dimensions plus those the departments contribute (`DepartmentModule.dimensions`,
 * each also declared with `extend enum ReportDimension` in the department's SDL).
 */
export function dimensionsOf(departments: readonly DepartmentModule[]): Record<string, DimensionSpec> {
  return Object.assign({}, DIMENSIONS, ...departments.map((d) => d.dimensions ?? {}));
}
