import type { AssistanceEventSource } from '../../contract/chain-event.js';

const base = { department: 'hrss' } as const;

/**
 * hrss events on `Household.assistanceChain` (一户一条救助链): the holder's household sees the post
 * begin and end; the helped person's household sees the pairing begin and end — so a chain shows
 * both who is paid to help and who is helped.
 */
export const hrssChainEvents: AssistanceEventSource[] = [
  { ...base, kind: 'MUTUAL_AID_POST_STARTED', sourceType: 'MutualAidPost', table: 'hrss.post', date: 'r.start_date', summary: "concat_ws(' ', r.post_type, r.work_pattern, r.monthly_subsidy)" },
  { ...base, kind: 'MUTUAL_AID_POST_ENDED', sourceType: 'MutualAidPost', table: 'hrss.post', date: 'r.end_date', summary: 'r.post_type', where: 'r.end_date is not null' },
  { ...base, kind: 'MUTUAL_AID_PAIRED', sourceType: 'MutualAidPairing', table: 'hrss.pairing', date: 'r.start_date', summary: "coalesce(r.services, '')" },
  { ...base, kind: 'MUTUAL_AID_UNPAIRED', sourceType: 'MutualAidPairing', table: 'hrss.pairing', date: 'r.end_date', summary: "coalesce(r.services, '')", where: 'r.end_date is not null' },
];
