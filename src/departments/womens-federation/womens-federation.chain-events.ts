import type { AssistanceEventSource } from '../../contract/chain-event.js';

const base = { department: 'womens-federation' } as const;

/** womens-federation events on `Household.assistanceChain` (一户一条救助链): skills trainings and support cases. */
export const womensFederationChainEvents: AssistanceEventSource[] = [
  { ...base, kind: 'TRAINING', sourceType: 'WomensTraining', table: 'womens_federation.training', date: 'r.start_date', summary: "concat_ws(' ', r.course, case when r.completed then 'COMPLETED' end)" },
  { ...base, kind: 'SUPPORT_CASE_OPENED', sourceType: 'SupportCase', table: 'womens_federation.support_case', date: 'r.opened_date', summary: "concat_ws(' ', r.kind, r.status)" },
];
