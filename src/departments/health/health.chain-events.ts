import type { AssistanceEventSource } from '../../contract/chain-event.js';

const base = { department: 'health' } as const;

/** health events on `Household.assistanceChain` (一户一条救助链): family-doctor contracts, health checks, diagnoses and deaths. */
export const healthChainEvents: AssistanceEventSource[] = [
  { ...base, kind: 'FAMILY_DOCTOR_SIGNED', sourceType: 'FamilyDoctorContract', table: 'health.family_doctor_contract', date: 'r.signed_date', summary: "'valid until ' || r.valid_until" },
  { ...base, kind: 'HEALTH_CHECK', sourceType: 'HealthCheck', table: 'health.health_check', date: 'r.check_date', summary: "concat_ws(' ', 'self-care', r.self_care_assessment)" },
  { ...base, kind: 'CONDITION_DIAGNOSED', sourceType: 'HealthCondition', table: 'health.condition', date: 'r.diagnosed_date', summary: "concat_ws(' ', r.icd10_code, r.name, r.severity)" },
  { ...base, kind: 'DEATH', sourceType: 'Death', table: 'health.death', date: 'r.death_date', summary: "coalesce(r.cause, '')" },
];
