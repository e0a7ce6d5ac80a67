import type { AssistanceEventSource } from '../../contract/chain-event.js';

const base = { department: 'civil-affairs' } as const;

/** civil-affairs events on `Household.assistanceChain` (一户一条救助链): enrolments, care targets and their follow-ups, custody. */
export const civilAffairsChainEvents: AssistanceEventSource[] = [
  { ...base, kind: 'ENROLMENT_STARTED', sourceType: 'AssistanceEnrolment', table: 'civil_affairs.assistance_enrolment', date: 'r.start_date', summary: "concat_ws(' ', r.program, r.support_mode, r.status, r.monthly_amount)" },
  { ...base, kind: 'ENROLMENT_ENDED', sourceType: 'AssistanceEnrolment', table: 'civil_affairs.assistance_enrolment', date: 'r.end_date', summary: "concat_ws(' ', r.program, r.status)", where: 'r.end_date is not null' },
  { ...base, kind: 'CARE_TARGET_REGISTERED', sourceType: 'CareTarget', table: 'civil_affairs.care_target', date: 'r.start_date', summary: "concat_ws(' ', r.category, case when r.key_guardianship then 'KEY_GUARDIANSHIP' end)" },
  { ...base, kind: 'CARE_VISIT', sourceType: 'CareVisit', table: 'civil_affairs.care_visit', date: 'r.visit_date', summary: 'r.kind' },
  { ...base, kind: 'CUSTODY_SIGNED', sourceType: 'CustodyAgreement', table: 'civil_affairs.custody_agreement', date: 'r.signed_date', summary: 'r.mode' },
];
