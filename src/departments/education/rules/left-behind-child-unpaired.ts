import type { MonitoringRule } from '../../../contract/monitoring-rule.js';
import { evidenceArray } from '../../../monitoring/evidence-sql.js';
import { alive, inForceOn, youngerThan } from '../../../monitoring/rules/conditions.js';

/** 留守儿童未结对: a pupil the school records as left-behind, with no teacher pairing in force. */
export const leftBehindChildUnpaired: MonitoringRule = {
  code: 'LEFT_BEHIND_CHILD_UNPAIRED',
  description: 'Left-behind child without a teacher pairing (留守儿童未落实结对帮扶).',
  evidenceScopes: ['education:read'],
  requiresConsent: false,
  parameters: [
    {
      name: 'ageUnder',
      description: 'Children younger than this many years count as left-behind children (留守儿童年龄上限, 不满…周岁).',
      defaultValue: 16,
      min: 1,
      max: 18,
      integer: true,
    },
  ],
  select: ({ param, asOf }) => `
    select h.id as household_id, array[p.id] as person_ids,
           ${evidenceArray([
             { department: 'education', field: 'SchoolEnrolment.leftBehind', label: '留守儿童 left-behind', value: 'e.left_behind', personId: 'p.id', recordId: 'e.id' },
             { department: 'education', field: 'SchoolEnrolment.term', label: '学期 term', value: 'e.term', personId: 'p.id', recordId: 'e.id' },
             { department: 'education', field: 'EducationProfile.teacherPairings', label: '缺少 missing', value: "'TEACHER_PAIRING'", personId: 'p.id' },
           ])} as evidence,
           'person:' || p.id as dedupe_key
      from (select distinct on (person_id) * from education.enrolment order by person_id, term desc, id desc) e
      join core.person p on p.id = e.person_id
      join core.household h on h.id = p.household_id
     where e.left_behind and e.status <> 'GRADUATED'
       and ${alive('p')} and ${youngerThan('p', param('ageUnder'), asOf)}
       and not exists (select 1 from education.teacher_pairing t where t.person_id = p.id and t.since_date <= ${asOf} and ${inForceOn('t', 'until_date', asOf)})
       and not exists (select 1 from core.person_link l where l.to_person_id = p.id and l.kind = 'TEACHER_PAIRING'
                          and (l.start_date is null or l.start_date <= ${asOf}) and ${inForceOn('l', 'end_date', asOf)})`,
};
