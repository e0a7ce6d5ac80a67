import type { MonitoringRule } from '../../contract/monitoring-rule.js';
import { evidenceArray, type EvidenceColumns } from '../evidence-sql.js';
import { alive, inForceOn, payingOn } from './conditions.js';

const certificateItems: EvidenceColumns[] = [
  { department: 'disability', field: 'DisabilityCertificate.grade', label: '残疾等级 grade', value: 'c.grade', personId: 'p.id', recordId: 'c.id' },
  { department: 'disability', field: 'DisabilityCertificate.category', label: '残疾类别 category', value: 'c.category', personId: 'p.id', recordId: 'c.id' },
];

/** "Not enrolled in X": the absence is itself evidence, readable by whoever may read that list. */
function missing(department: string, field: string, what: string): EvidenceColumns {
  return { department, field, label: '缺少 missing', value: `'${what}'`, personId: 'p.id' };
}

/**
 * 应保未保 (policy finds people): entitled by one department's record, not paid by the other's.
 * - a grade 1..`maxNursingGrade` certificate without the nursing subsidy (重度残疾人护理补贴);
 * - a certified disabled member of a household with an active 低保 enrolment without the living
 *   subsidy (困难残疾人生活补贴);
 * - a 三无 or 五保 care target without active 特困 support.
 */
export const eligibleNotEnrolled: MonitoringRule = {
  code: 'ELIGIBLE_NOT_ENROLLED',
  description: 'Eligible for a benefit by another department’s record but not enrolled (应保未保).',
  evidenceScopes: ['disability:read', 'civil-affairs:read'],
  requiresConsent: true,
  parameters: [
    {
      name: 'maxNursingGrade',
      description: 'Certificates of this grade or more severe (1 = most severe) qualify for the nursing subsidy (护理补贴等级上限).',
      defaultValue: 2,
      min: 1,
      max: 4,
      integer: true,
    },
  ],
  select: ({ param, asOf }) => {
    const notPaid = (kind: string) =>
      `not exists (select 1 from disability.subsidy s where s.person_id = p.id and s.kind = '${kind}' and ${payingOn('s', asOf)})`;
    // Most severe certificate in force per person.
    const certified = `(select distinct on (person_id) * from disability.certificate c
                         where ${inForceOn('c', 'valid_until', asOf)} order by person_id, grade, id) c
                       join core.person p on p.id = c.person_id
                       join core.household h on h.id = p.household_id`;
    return `
    with dibao_households as (
      select distinct on (m.household_id) m.household_id, e.id, e.person_id
        from civil_affairs.assistance_enrolment e join core.person m on m.id = e.person_id
       where e.program = 'DIBAO' and ${payingOn('e', asOf)} and m.household_id is not null
       order by m.household_id, e.id
    )
    select h.id as household_id, array[p.id] as person_ids,
           ${evidenceArray([...certificateItems, missing('disability', 'DisabilityProfile.subsidies', 'NURSING')])} as evidence,
           'nursing:person:' || p.id as dedupe_key
      from ${certified}
     where ${alive('p')} and c.grade <= ${param('maxNursingGrade')} and ${notPaid('NURSING')}
    union all
    select h.id, array[p.id],
           ${evidenceArray([
             ...certificateItems,
             { department: 'civil-affairs', field: 'AssistanceEnrolment.program', label: '家庭低保 household on 低保', value: "'DIBAO'", personId: 'd.person_id', recordId: 'd.id' },
             missing('disability', 'DisabilityProfile.subsidies', 'LIVING'),
           ])},
           'living:person:' || p.id
      from ${certified}
      join dibao_households d on d.household_id = h.id
     where ${alive('p')} and ${notPaid('LIVING')}
    union all
    select h.id, array[p.id],
           ${evidenceArray([
             { department: 'civil-affairs', field: 'CareTarget.category', label: '关爱对象类别 care category', value: 't.category', personId: 'p.id', recordId: 't.id' },
             missing('civil-affairs', 'CivilAffairsProfile.enrolments', 'TEKUN'),
           ])},
           'tekun:person:' || p.id
      from (select distinct on (person_id) * from civil_affairs.care_target t
             where t.category in ('THREE_NO', 'FIVE_GUARANTEE') and ${inForceOn('t', 'end_date', asOf)} order by person_id, id) t
      join core.person p on p.id = t.person_id
      join core.household h on h.id = p.household_id
     where ${alive('p')}
       and not exists (select 1 from civil_affairs.assistance_enrolment e where e.person_id = p.id and e.program = 'TEKUN' and ${payingOn('e', asOf)})`;
  },
};
