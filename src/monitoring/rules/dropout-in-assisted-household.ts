import type { MonitoringRule } from '../../contract/monitoring-rule.js';
import { evidenceArray } from '../evidence-sql.js';
import { alive, payingOn, youngerThan } from './conditions.js';

/**
 * 控辍保学 in assisted households: a school-age member dropped out (latest enrolment
 * DROPPED_OUT, or an open dropout case) while the household receives 低保, 特困 or 低保边缘.
 */
export const dropoutInAssistedHousehold: MonitoringRule = {
  code: 'DROPOUT_IN_ASSISTED_HOUSEHOLD',
  description: 'A school-age dropout in a household receiving assistance (救助家庭子女辍学).',
  evidenceScopes: ['education:read', 'civil-affairs:read'],
  requiresConsent: true,
  parameters: [
    {
      name: 'ageUnder',
      description: 'Only pupils younger than this many years are flagged (义务教育年龄上限, 不满…周岁).',
      defaultValue: 17,
      min: 6,
      max: 25,
      integer: true,
    },
  ],
  select: ({ param, asOf }) => `
    with assisted as (
      select distinct on (m.household_id) m.household_id, e.id, e.person_id, e.program
        from civil_affairs.assistance_enrolment e join core.person m on m.id = e.person_id
       where e.program in ('DIBAO', 'TEKUN', 'DIBAO_EDGE') and ${payingOn('e', asOf)} and m.household_id is not null
       order by m.household_id, e.id
    ),
    dropouts as (
      select person_id, id, 'SchoolEnrolment.status' as field, status as value
        from (select distinct on (person_id) * from education.enrolment order by person_id, term desc, id desc) latest
       where status = 'DROPPED_OUT'
      union all
      select person_id, id, 'DropoutCase.status', status from education.dropout_case where status = 'OPEN'
    )
    select h.id as household_id, array[p.id] as person_ids,
           jsonb_agg(jsonb_build_object('department', 'education', 'field', x.field, 'label', '辍学 dropped out', 'value', x.value,
                                        'personId', p.id::text, 'recordId', x.id::text) order by x.field, x.id)
             || ${evidenceArray([
               { department: 'civil-affairs', field: 'AssistanceEnrolment.program', label: '家庭救助 household assistance', value: 'a.program', personId: 'a.person_id', recordId: 'a.id' },
             ])} as evidence,
           'person:' || p.id as dedupe_key
      from dropouts x
      join core.person p on p.id = x.person_id
      join core.household h on h.id = p.household_id
      join assisted a on a.household_id = h.id
     where ${alive('p')} and ${youngerThan('p', param('ageUnder'), asOf)}
     group by h.id, p.id, a.person_id, a.id, a.program`,
};
