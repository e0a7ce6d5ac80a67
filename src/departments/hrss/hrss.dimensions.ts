import type { DimensionSpec } from '../../contract/report-dimension.js';

const activePost = `select person_id from hrss.post where status = 'ACTIVE'`;
const activePairing = `select person_id from hrss.pairing where start_date <= current_date and (end_date is null or end_date >= current_date)`;

/** Report dimensions contributed by hrss (each guarded by `hrss:read` in schema.graphql). */
export const hrssDimensions = {
  MUTUAL_AID_POST_TYPE: {
    label: '公益岗位类型',
    sql: `coalesce($j.v, 'NONE')`,
    // A holder with several active posts counts under the earliest one.
    join: `(select distinct on (person_id) person_id, post_type as v from hrss.post where status = 'ACTIVE' order by person_id, start_date, id)`,
    labels: { NONE: '无', ELDERLY_CARE: '互助养老', CHILDCARE: '互助托幼', SICK_CARE: '互助照料病患', DISABILITY_HELP: '互助助残' },
  },
  MUTUAL_AID_ROLE: {
    label: '互助角色',
    sql: `case when p.id in (${activePost}) then (case when p.id in (${activePairing}) then 'BOTH' else 'HELPER' end)
      when p.id in (${activePairing}) then 'HELPED' else 'NONE' end`,
    labels: { NONE: '无', HELPER: '公益岗位人员', HELPED: '受助对象', BOTH: '既帮扶又受助' },
  },
} satisfies Record<string, DimensionSpec>;
