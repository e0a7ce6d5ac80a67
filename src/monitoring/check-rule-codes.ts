import { isEnumType, type GraphQLSchema } from 'graphql';
import type { MonitoringRule } from './rule.js';

/**
 * Boot check: every rule the runner knows is a documented value of the SDL enum
 * `MonitoringRuleCode` (a department adds its codes with `extend enum`), and every value has a rule.
 */
export function assertRuleCodesDeclared(schema: GraphQLSchema, rules: readonly MonitoringRule[]): void {
  const type = schema.getType('MonitoringRuleCode');
  if (!isEnumType(type)) throw new Error('the schema has no enum MonitoringRuleCode (schema/monitoring.graphql)');
  const values = new Set(type.getValues().map((v) => v.name));
  const codes = new Set(rules.map((r) => r.code));
  const problems = [
    ...[...codes].filter((c) => !values.has(c)).map((c) => `rule ${c} is not a value of MonitoringRuleCode: add it with \`extend enum MonitoringRuleCode\` and a description`),
    ...[...values].filter((v) => !codes.has(v)).map((v) => `MonitoringRuleCode.${v} has no registered rule`),
  ];
  if (problems.length) throw new Error(`Monitoring rules and the SDL disagree:\n  - ${problems.join('\n  - ')}`);
}
