import { getArgumentValues, type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DepartmentModule } from '../contract/department-module.js';
import type { CareGraphContext } from '../contract/request-context.js';
import type { AuditEntry } from '../contract/audit-entry.js';
import { unguardedReadCheck, type UnguardedReadCheck } from '../auth/compiled-access.js';
import { queryPrepared } from '../core/queries/prepared-statement.js';
import type { ColumnCatalog } from './column-catalog.js';
import { compileRead, NotCompilable, type ReadPlan } from './plan.js';
import { collectDisclosures } from './audit-walk.js';

interface Compiled {
  plan: ReadPlan;
  mayServe: UnguardedReadCheck;
}

export interface CompiledReads {
  /**
   * The operation's answer from its one compiled statement, or null when the resolver path must
   * answer it: not compilable, a caller the access wrapper would mask or deny, an argument the
   * resolver would reject, or a root that finds nothing (the resolver reports NOT_FOUND).
   */
  serve(document: DocumentNode, operation: OperationDefinitionNode, ctx: CareGraphContext, variables: Record<string, unknown>): Promise<ExecutionResult | null>;
  /** The plan for an operation, or null with the reason it stays on the resolver path. */
  planFor(document: DocumentNode, operation: OperationDefinitionNode): { plan: ReadPlan } | { reason: string };
}

const fragmentsOf = (document: DocumentNode) =>
  Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]));

/**
 * Reads answered by one SQL statement that builds the response JSON in PostgreSQL (plan.ts),
 * for callers who may see every field of them unmasked. The resolver path walks hundreds of
 * fields in JavaScript for a person graph; `npm run bench` measured this as most of a Q1
 * request's server CPU (docs/benchmarks.md, session 7). Plans are kept per parsed document, like
 * graphql-jit's (jit-executor.ts). The disclosures a response holds go to the request's audit
 * buffer exactly as the access wrapper would have pushed them. The statement runs on `em`'s
 * pool (the hub's root EntityManager: a plain read needs no request-scoped fork).
 */
export function createCompiledReads(schema: GraphQLSchema, catalog: ColumnCatalog, departments: readonly DepartmentModule[], em: EntityManager): CompiledReads {
  const plans = new WeakMap<OperationDefinitionNode, Compiled | { reason: string }>();
  const compiledFor = (document: DocumentNode, operation: OperationDefinitionNode) => {
    let compiled = plans.get(operation);
    if (!compiled) {
      try {
        const plan = compileRead(schema, catalog, departments, operation, fragmentsOf(document));
        const mayServe = unguardedReadCheck(schema, plan.fields);
        compiled = mayServe ? { plan, mayServe } : { reason: 'an argument carries input-field rules' };
      } catch (err) {
        if (!(err instanceof NotCompilable)) throw err;
        compiled = { reason: err.message };
      }
      plans.set(operation, compiled);
    }
    return compiled;
  };

  return {
    planFor(document, operation) {
      const compiled = compiledFor(document, operation);
      return 'plan' in compiled ? { plan: compiled.plan } : compiled;
    },
    async serve(document, operation, ctx, variables) {
      const compiled = compiledFor(document, operation);
      if (!('plan' in compiled) || !compiled.mayServe(ctx.caller, ctx.purpose)) return null;
      const { plan } = compiled;
      const params: string[] = [];
      for (const root of plan.roots) {
        let value: string | null;
        try {
          value = root.lookup.value(getArgumentValues(root.field as never, root.node, variables)[root.lookup.argument]);
        } catch {
          return null;
        }
        if (value == null) return null;
        params.push(value);
      }
      const scoped = ctx.caller.regionPrefix != null;
      if (scoped) params.push(ctx.caller.regionPrefix!);
      const [row] = await queryPrepared<{ data: Record<string, unknown> }>(em, plan.sql(scoped), params);
      const data = row!.data;
      if (plan.roots.some((root) => data[root.key] == null)) return null;
      const disclosures: AuditEntry[] = [];
      for (const { key, walk } of plan.audit) collectDisclosures(data[key], walk, disclosures);
      ctx.audit.push(...disclosures);
      return { data };
    },
  };
}
