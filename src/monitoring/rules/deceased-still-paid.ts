import type { MonitoringRule } from '../../contract/monitoring-rule.js';
import { evidenceArray } from '../evidence-sql.js';

/**
 * 死亡仍领取: the health commission recorded a death, yet a civil-affairs enrolment or a
 * disability subsidy still pays more than `graceDays` after it. Public funds: no consent needed.
 */
export const deceasedStillPaid: MonitoringRule = {
  code: 'DECEASED_STILL_PAID',
  description: 'A death record (health) while another department still pays the person (死亡人员仍在领取待遇).',
  evidenceScopes: ['health:read', 'civil-affairs:read', 'disability:read'],
  requiresConsent: false,
  parameters: [
    {
      name: 'graceDays',
      description: 'Days after death a payment may still run before it is flagged (停发宽限期, 天).',
      defaultValue: 0,
      min: 0,
      max: 365,
      integer: true,
    },
  ],
  select: ({ param, asOf }) => `
    with payments as (
      select 'civil-affairs' as department, 'AssistanceEnrolment.program' as field, e.person_id, e.id, e.program as what, e.start_date, e.end_date
        from civil_affairs.assistance_enrolment e where e.status = 'ACTIVE'
      union all
      select 'disability', 'DisabilitySubsidy.kind', s.person_id, s.id, s.kind, s.start_date, s.end_date
        from disability.subsidy s where s.status = 'ACTIVE'
    )
    select h.id as household_id, array[p.id] as person_ids,
           ${evidenceArray([{ department: 'health', field: 'Death.deathDate', label: '死亡日期 date of death', value: 'd.death_date', personId: 'p.id', recordId: 'd.id' }])}
             || jsonb_agg(jsonb_build_object('department', x.department, 'field', x.field, 'label', '仍在发放 still paid', 'value', x.what,
                                             'personId', p.id::text, 'recordId', x.id::text) order by x.department, x.id) as evidence,
           'person:' || p.id as dedupe_key
      from (select distinct on (person_id) * from health.death order by person_id, death_date) d
      join core.person p on p.id = d.person_id
      join core.household h on h.id = p.household_id
      join payments x on x.person_id = p.id
     where d.death_date + (${param('graceDays')})::int < ${asOf}
       and (x.end_date is null or x.end_date > d.death_date + (${param('graceDays')})::int)
     group by h.id, p.id, d.id, d.death_date`,
};
