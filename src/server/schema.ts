import { makeExecutableSchema } from '@graphql-tools/schema';
import { mergeResolvers, mergeTypeDefs } from '@graphql-tools/merge';
import type { GraphQLSchema } from 'graphql';
import type { DepartmentModule } from '../contract/department-module.js';
import { loadSdl } from '../departments/sdl.js';
import { coreResolvers } from '../../resolvers/core/index.js';
import { auditResolvers } from '../../resolvers/audit/index.js';
import { reportResolvers } from '../../resolvers/reports/index.js';
import { monitoringResolvers } from '../../resolvers/monitoring/index.js';
import { intakeResolvers } from '../../resolvers/intake/index.js';
import { intakeSdl } from '../ingest/intake-sdl.js';
import { enforceAccess } from '../auth/enforce-access.js';
import { annotateRecordFields } from '../core/record-fields.js';
import { encryptedRecordFieldResolvers } from '../departments/encrypted-record-fields.js';
import { assertAccessDeclared } from '../auth/check-access-declarations.js';
import { assertChainEventKindsDeclared, assertRuleCodesDeclared } from '../monitoring/check-rule-codes.js';
import { monitoringRules } from '../monitoring/rules/index.js';

/** The merged schema before access enforcement (what the SDL says; used by tests and tools). */
export function buildRawSchema(departments: readonly DepartmentModule[]): GraphQLSchema {
  const resolvers = mergeResolvers([
    coreResolvers as never,
    auditResolvers as never,
    reportResolvers as never,
    monitoringResolvers as never,
    ...departments.map((d) => d.resolvers as never),
    encryptedRecordFieldResolvers(departments) as never,
    intakeResolvers(departments) as never,
  ]);
  const schema = makeExecutableSchema({
    // Enum values in the order the SDL files come (core first, then departments in registry
    // order): graphql-tools would otherwise put a department's `extend enum` values first, so
    // hrss's report dimensions led 县/乡镇 in introspection and every client listing them.
    typeDefs: mergeTypeDefs(
      [loadSdl('core'), loadSdl('audit'), loadSdl('reports'), loadSdl('monitoring'), loadSdl('intake'), ...departments.map((d) => d.typeDefs), intakeSdl(departments)].filter(Boolean),
      { consistentEnumMerge: true },
    ),
    resolvers,
    inheritResolversFromInterfaces: true,
  });
  return annotateRecordFields(schema, resolvers as Record<string, unknown>);
}

/**
 * Merges the core SDL with every department's into one executable schema, refuses to go on
 * when any root field or department type leaves its access undeclared, and wraps the guarded
 * resolvers. Departments are passed in (not imported) so tests can add a fake one.
 * @param opts.enforce false only for benchmarks measuring what enforcement costs.
 */
export function buildSchema(departments: readonly DepartmentModule[], opts: { enforce?: boolean } = {}): GraphQLSchema {
  const schema = buildRawSchema(departments);
  assertAccessDeclared(schema, departments);
  assertRuleCodesDeclared(schema, monitoringRules(departments));
  assertChainEventKindsDeclared(schema, departments.flatMap((d) => d.chainEvents ?? []));
  return opts.enforce === false ? schema : enforceAccess(schema);
}
