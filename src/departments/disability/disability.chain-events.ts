import type { AssistanceEventSource } from '../../contract/chain-event.js';

const base = { department: 'disability' } as const;

/** disability events on `Household.assistanceChain` (一户一条救助链): certificates, rehabilitation referrals, subsidies and aid grants. */
export const disabilityChainEvents: AssistanceEventSource[] = [
  { ...base, kind: 'CERTIFICATE_ISSUED', sourceType: 'DisabilityCertificate', table: 'disability.certificate', date: 'r.issued_date', summary: "'category ' || r.category || ' grade ' || r.grade" },
  { ...base, kind: 'REHAB_REFERRED', sourceType: 'RehabService', table: 'disability.rehab_service', date: 'r.referred_date', summary: "concat_ws(' ', r.service_type, r.status)" },
  { ...base, kind: 'SUBSIDY_STARTED', sourceType: 'DisabilitySubsidy', table: 'disability.subsidy', date: 'r.start_date', summary: "concat_ws(' ', r.kind, r.status, r.monthly_amount)" },
  { ...base, kind: 'SUBSIDY_ENDED', sourceType: 'DisabilitySubsidy', table: 'disability.subsidy', date: 'r.end_date', summary: "concat_ws(' ', r.kind, r.status)", where: 'r.end_date is not null' },
  { ...base, kind: 'AID_GRANTED', sourceType: 'DisabilityAidGrant', table: 'disability.aid_grant', date: 'r.granted_date', summary: "concat_ws(' ', r.kind, r.amount)" },
];
