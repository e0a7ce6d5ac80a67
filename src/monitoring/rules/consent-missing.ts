import type { MonitoringRule } from '../../contract/monitoring-rule.js';
import { evidenceArray } from '../evidence-sql.js';

/** Temp table the runner fills with (household, rule) findings it dropped for want of consent. */
export const SKIPPED_FOR_CONSENT = 'pg_temp.monitoring_skipped';

/**
 * 未签承诺授权: monitored households (status other than NONE), and households a consent-bound
 * rule would have flagged, that have not consented to data comparison. Which rules were
 * skipped is evidence guarded by those rules' evidence scopes: it hints at the hidden finding.
 * The runner always runs this rule last.
 */
export const consentMissing: MonitoringRule = {
  code: 'CONSENT_MISSING',
  description: 'A monitored household without the data-comparison consent (未签署数据比对承诺授权书); consent-bound rules skipped it.',
  evidenceScopes: ['household:read'],
  requiresConsent: false,
  parameters: [],
  select: () => `
    with skipped as (
      select household_id, jsonb_agg(jsonb_build_object('department', 'monitoring', 'field', 'Warning.rule', 'label', '未比对规则 rule not run',
                                                        'value', rule_code, 'personId', null, 'recordId', null, 'requires', requires) order by rule_code) as items
        from ${SKIPPED_FOR_CONSENT} group by household_id
    )
    select h.id as household_id, '{}'::bigint[] as person_ids,
           ${evidenceArray([{ department: 'core', field: 'Household.monitoringStatus', label: '监测状态 monitoring status', value: 'h.monitoring_status' }])}
             || coalesce(s.items, '[]'::jsonb) as evidence,
           'household:' || h.id as dedupe_key
      from core.household h
      left join skipped s on s.household_id = h.id
     where h.consent_date is null and (h.monitoring_status <> 'NONE' or s.household_id is not null)`,
};
