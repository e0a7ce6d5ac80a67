import type { EntityManager } from '@mikro-orm/postgresql';
import type { MonitoringRule } from '../contract/monitoring-rule.js';
import { effectiveValue, loadOverrides } from './parameters.js';

/** The `MonitoringRule` API view: each rule with its parameters, stored overrides and the value in effect. */
export async function describeRules(em: EntityManager, rules: readonly MonitoringRule[], regionCode: string, year: number) {
  const overrides = await loadOverrides(em, year);
  return rules.map((rule) => ({
    code: rule.code,
    description: rule.description,
    requiresConsent: rule.requiresConsent,
    evidenceScopes: rule.evidenceScopes,
    parameters: rule.parameters.map((p) => ({
      name: p.name,
      description: p.description,
      defaultValue: p.defaultValue,
      min: p.min,
      max: p.max,
      value: effectiveValue(rule, overrides, p.name, regionCode),
      overrides: overrides
        .filter((o) => o.ruleCode === rule.code && o.name === p.name)
        .map((o) => ({ regionPrefix: o.regionPrefix || null, year: o.year, value: o.value, updatedBy: o.updatedBy, updatedAt: o.updatedAt })),
    })),
  }));
}

export type RuleView = Awaited<ReturnType<typeof describeRules>>[number];
