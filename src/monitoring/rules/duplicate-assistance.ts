import type { MonitoringRule } from '../../contract/monitoring-rule.js';
import { evidenceArray } from '../evidence-sql.js';
import { payingOn } from './conditions.js';

/**
 * 重复救助: 低保 and 特困 paid at once (特困 already includes basic living support); the same
 * program or subsidy paid twice at once; the same kind of aid grant twice within a window.
 */
export const duplicateAssistance: MonitoringRule = {
  code: 'DUPLICATE_ASSISTANCE',
  description: 'The same person assisted twice: 低保 and 特困 at once, the same benefit paid twice, or the same aid granted twice (重复救助).',
  evidenceScopes: ['civil-affairs:read', 'disability:read'],
  requiresConsent: false,
  parameters: [
    {
      name: 'grantWindowDays',
      description: 'Two aid grants of the same kind to one person at most this many days apart count as a duplicate (重复发放间隔, 天).',
      defaultValue: 30,
      min: 0,
      max: 3660,
      integer: true,
    },
  ],
  select: ({ param, asOf }) => {
    const pair = (department: string, type: string, kindField: string, kind: string, a: string, b: string) =>
      evidenceArray([
        { department, field: `${type}.${kindField}`, label: '项目 benefit', value: `${a}.${kind}`, personId: 'p.id', recordId: `${a}.id` },
        { department, field: `${type}.${kindField}`, label: '项目 benefit', value: `${b}.${kind}`, personId: 'p.id', recordId: `${b}.id` },
      ]);
    const who = 'join core.person p on p.id = a.person_id join core.household h on h.id = p.household_id';
    return `
    select h.id as household_id, array[p.id] as person_ids, ${pair('civil-affairs', 'AssistanceEnrolment', 'program', 'program', 'a', 'b')} as evidence,
           'enrolment:' || a.id || ':' || b.id as dedupe_key
      from civil_affairs.assistance_enrolment a
      join civil_affairs.assistance_enrolment b on b.person_id = a.person_id and b.id > a.id
       and (a.program = b.program or (a.program, b.program) in (('DIBAO', 'TEKUN'), ('TEKUN', 'DIBAO')))
      ${who}
     where a.program in ('DIBAO', 'TEKUN', 'DIBAO_EDGE') and ${payingOn('a', asOf)} and ${payingOn('b', asOf)}
    union all
    select h.id, array[p.id], ${pair('disability', 'DisabilitySubsidy', 'kind', 'kind', 'a', 'b')},
           'subsidy:' || a.id || ':' || b.id
      from disability.subsidy a
      join disability.subsidy b on b.person_id = a.person_id and b.id > a.id and b.kind = a.kind
      ${who}
     where ${payingOn('a', asOf)} and ${payingOn('b', asOf)}
    union all
    select h.id, array[p.id],
           ${pair('disability', 'DisabilityAidGrant', 'kind', 'kind', 'a', 'b')} || ${evidenceArray([
             { department: 'disability', field: 'DisabilityAidGrant.grantedDate', label: '发放日期 granted', value: 'a.granted_date', personId: 'p.id', recordId: 'a.id' },
             { department: 'disability', field: 'DisabilityAidGrant.grantedDate', label: '发放日期 granted', value: 'b.granted_date', personId: 'p.id', recordId: 'b.id' },
           ])},
           'grant:' || a.id || ':' || b.id
      from disability.aid_grant a
      join disability.aid_grant b on b.person_id = a.person_id and b.id > a.id and b.kind = a.kind
      ${who}
     where abs(b.granted_date - a.granted_date) <= ${param('grantWindowDays')}`;
  },
};
