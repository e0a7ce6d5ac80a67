import { isEnumType, type GraphQLSchema } from 'graphql';
import type { MonitoringRule } from '../contract/monitoring-rule.js';
import type { AssistanceEventSource } from '../contract/chain-event.js';

/**
 * Checks that the codes the runtime produces and the values of an SDL enum are the same set, so
 * an unknown value can never reach a response and no documented value is dead. Departments add
 * their values with `extend enum`.
 */
function assertEnumMatches(schema: GraphQLSchema, enumName: string, what: string, codes: ReadonlySet<string>, bothWays: boolean): void {
  const type = schema.getType(enumName);
  if (!isEnumType(type)) throw new Error(`the schema has no enum ${enumName} (schema/monitoring.graphql)`);
  const values = new Set(type.getValues().map((v) => v.name));
  const problems = [
    ...[...codes].filter((c) => !values.has(c)).map((c) => `${what} ${c} is not a value of ${enumName}: add it with \`extend enum ${enumName}\` and a description`),
    ...(bothWays ? [...values].filter((v) => !codes.has(v)).map((v) => `${enumName}.${v} has no registered ${what}`) : []),
  ];
  if (problems.length) throw new Error(`${enumName} and the registered ${what}s disagree:\n  - ${problems.join('\n  - ')}`);
}

/** Boot check: every rule is a documented value of `MonitoringRuleCode`, and every value has a rule. */
export function assertRuleCodesDeclared(schema: GraphQLSchema, rules: readonly MonitoringRule[]): void {
  assertEnumMatches(schema, 'MonitoringRuleCode', 'rule', new Set(rules.map((r) => r.code)), true);
}

/** Boot check: every department's chain event kind is a value of `AssistanceEventKind`. */
export function assertChainEventKindsDeclared(schema: GraphQLSchema, sources: readonly AssistanceEventSource[]): void {
  assertEnumMatches(schema, 'AssistanceEventKind', 'chain event kind', new Set(sources.map((s) => s.kind)), false);
}
