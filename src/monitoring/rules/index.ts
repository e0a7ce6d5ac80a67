import type { DepartmentModule } from '../../contract/department-module.js';
import type { MonitoringRule } from '../../contract/monitoring-rule.js';
import { consentMissing } from './consent-missing.js';
import { deceasedStillPaid } from './deceased-still-paid.js';
import { dropoutInAssistedHousehold } from './dropout-in-assisted-household.js';
import { duplicateAssistance } from './duplicate-assistance.js';
import { eligibleNotEnrolled } from './eligible-not-enrolled.js';
import { medicalHardship } from './medical-hardship.js';

/** The hub's own rules; `CONSENT_MISSING` is not listed here because it always runs last. */
export const coreRules: MonitoringRule[] = [
  medicalHardship,
  eligibleNotEnrolled,
  duplicateAssistance,
  deceasedStillPaid,
  dropoutInAssistedHousehold,
];

/** Every rule a run evaluates, in run order: the hub's, then each department's, then `CONSENT_MISSING`. */
export function monitoringRules(departments: readonly DepartmentModule[]): MonitoringRule[] {
  const rules = [...coreRules, ...departments.flatMap((d) => d.rules ?? []), consentMissing];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.code)) throw new Error(`two monitoring rules share the code ${rule.code}`);
    seen.add(rule.code);
  }
  return rules;
}
