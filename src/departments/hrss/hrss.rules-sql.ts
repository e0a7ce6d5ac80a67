/**
 * The two hrss warning rules (数据比对预警) as plain SQL, ready to be wired into the monitoring
 * contract (`DepartmentModule.rules`, src/monitoring) once it exists. Each rule yields one row per
 * violation: `person_id` (whom the warning is about), `household_id` and an `evidence` JSON object
 * naming the records that prove it. Values are bound through the builder; the region prefix
 * confines the result like every other read.
 */
import type { SqlBuilder } from '../../core/filter/sql-builder.js';

export interface HrssRuleParams {
  /** Caller's or run's division-code prefix; null = everywhere. */
  regionPrefix: string | null;
}

export interface AttendanceLapseParams extends HrssRuleParams {
  /** The day the rule is evaluated on, 'YYYY-MM-DD'. */
  asOf: string;
  /** Full months before `asOf` that must each show attendance. */
  months: number;
  /** Share of required days a month needs to count as attended (0..1). */
  minAttendance: number;
}

const inRegion = (sql: SqlBuilder, household: string, params: HrssRuleParams) =>
  params.regionPrefix == null ? 'true' : `${household}.region_code like ${sql.param(`${params.regionPrefix}%`)}`;

/**
 * HRSS_HOLDER_NOT_ELIGIBLE (公益岗位人员不符合条件): an active post held by someone whose household
 * is not registered poor (建档立卡) or who has no (or no recorded) labour ability.
 */
export function holderNotEligibleSql(sql: SqlBuilder, params: HrssRuleParams): string {
  return `select p.id as person_id, p.household_id, jsonb_build_object(
      'postId', post.id::text, 'sourceRecordId', post.source_record_id, 'postType', post.post_type,
      'registeredPoor', coalesce(h.registered_poor, false), 'labourAbility', p.labour_ability,
      'reasons', array_remove(array[
        case when not coalesce(h.registered_poor, false) then 'NOT_REGISTERED_POOR' end,
        case when p.labour_ability = 'NONE' then 'NO_LABOUR_ABILITY' end,
        case when p.labour_ability is null then 'LABOUR_ABILITY_UNKNOWN' end], null)) as evidence
    from hrss.post post
    join core.person p on p.id = post.person_id
    left join core.household h on h.id = p.household_id
    where post.status = 'ACTIVE' and ${inRegion(sql, 'h', params)}
      and (not coalesce(h.registered_poor, false) or p.labour_ability is null or p.labour_ability = 'NONE')
    order by p.id, post.id`;
}

/**
 * HRSS_ATTENDANCE_LAPSED (帮扶人考勤中断): a person helped through an active pairing whose post
 * holder has, in one of the last `months` full months, no attendance record or fewer days present
 * than `minAttendance` of those required — the help has probably stopped.
 */
export function attendanceLapsedSql(sql: SqlBuilder, params: AttendanceLapseParams): string {
  // Placeholders are positional: every value is bound where it appears, in text order.
  const asOf = () => `${sql.param(params.asOf)}::date`;
  const minAttendance = () => `${sql.param(params.minAttendance)}::numeric`;
  return `select helped.id as person_id, helped.household_id, jsonb_build_object(
      'pairingId', pr.id::text, 'postId', pr.post_id::text, 'helperPersonId', pr.helper_person_id::text,
      'lastAttendedMonth', (select max(a.month)::text from hrss.attendance a where a.post_id = pr.post_id
        and a.days_present >= a.days_required * ${minAttendance()})) as evidence
    from hrss.pairing pr
    join hrss.post post on post.id = pr.post_id and post.status = 'ACTIVE'
    join core.person helped on helped.id = pr.person_id
    left join core.household h on h.id = helped.household_id
    where pr.start_date <= ${asOf()} and (pr.end_date is null or pr.end_date >= ${asOf()})
      and helped.deceased_date is null and ${inRegion(sql, 'h', params)}
      and exists (
        select 1 from generate_series(1, ${sql.param(params.months)}::int) as back(n)
        cross join lateral (select (date_trunc('month', ${asOf()}) - make_interval(months => back.n))::date as month) m
        where m.month >= date_trunc('month', post.start_date)
          and not exists (select 1 from hrss.attendance a where a.post_id = pr.post_id and a.month = m.month
            and a.days_present >= a.days_required * ${minAttendance()}))
    order by helped.id, pr.id`;
}
