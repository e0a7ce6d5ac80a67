import type { MonitoringRule } from '../../../contract/monitoring-rule.js';
import { evidenceArray } from '../../../monitoring/evidence-sql.js';
import { alive, inForceOn, payingOn } from '../../../monitoring/rules/conditions.js';

/**
 * 帮扶人考勤中断: a person helped through a pairing in force whose post holder, in one of the last
 * `months` full months (since the post started), has no attendance record or was present on fewer
 * than `minAttendance` of the required days — the help has probably stopped, so the person most in
 * need may be left without anyone.
 */
export const attendanceLapsed: MonitoringRule = {
  code: 'HRSS_ATTENDANCE_LAPSED',
  description: "Person helped whose mutual-aid post holder's attendance lapsed (帮扶人考勤中断).",
  evidenceScopes: ['hrss:read'],
  requiresConsent: false,
  parameters: [
    { name: 'months', description: 'Full months back that must each show attendance (检查月数).', defaultValue: 3, min: 1, max: 12, integer: true },
    { name: 'minAttendance', description: 'Share of required days a month needs to count as attended (出勤率下限, 0–1).', defaultValue: 0.5, min: 0, max: 1 },
  ],
  select: ({ param, asOf }) => `
    select h.id as household_id, array[helped.id] as person_ids,
           ${evidenceArray([
             { department: 'hrss', field: 'MutualAidPairing.helper', label: '帮扶人 helper', value: 'pr.helper_person_id', personId: 'pr.helper_person_id', recordId: 'pr.id' },
             { department: 'hrss', field: 'MutualAidPost.postType', label: '岗位类型 post type', value: 'post.post_type', personId: 'pr.helper_person_id', recordId: 'post.id' },
             { department: 'hrss', field: 'PostAttendance.month', label: '缺勤月份 month without attendance', value: 'lapse.month', personId: 'pr.helper_person_id' },
           ])} as evidence,
           'pairing:' || pr.id as dedupe_key
      from hrss.pairing pr
      join hrss.post post on post.id = pr.post_id and ${payingOn('post', asOf)}
      join core.person helped on helped.id = pr.person_id
      join core.household h on h.id = helped.household_id
      cross join lateral (
        select min(m.month) as month
          from generate_series(1, (${param('months')})::int) as back(n)
          cross join lateral (select (date_trunc('month', ${asOf}) - make_interval(months => back.n))::date as month) m
         where m.month >= date_trunc('month', post.start_date)
           and not exists (select 1 from hrss.attendance a where a.post_id = pr.post_id and a.month = m.month
                             and a.days_present >= a.days_required * (${param('minAttendance')}))) lapse
     where pr.start_date <= ${asOf} and ${inForceOn('pr', 'end_date', asOf)} and ${alive('helped')}
       and lapse.month is not null`,
};
