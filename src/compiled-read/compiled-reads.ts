import { getArgumentValues, type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DepartmentModule } from '../contract/department-module.js';
import type { CareGraphContext } from '../contract/request-context.js';
import type { AuditEntry } from '../contract/audit-entry.js';
import { unguardedReadCheck, type UnguardedReadCheck } from '../auth/compiled-access.js';
import { rowScopeOf } from '../auth/row-scope.js';
import { queryPrepared } from '../core/queries/prepared-statement.js';
import type { ColumnCatalog } from './column-catalog.js';
import { compileRead, NotCompilable, type CompileOptions, type ReadPlan } from './plan.js';
import { collectDisclosures } from './audit-walk.js';
import { openLeaves } from './decrypt-walk.js';
import { FieldCryptoError } from '../crypto/field-crypto-error.js';

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
 * request's server CPU (docs/benchmarks.md). Plans are kept per parsed document, like
 * graphql-jit's (jit-executor.ts). The disclosures a response holds go to the request's audit
 * buffer exactly as the access wrapper would have pushed them. The statement runs on `em`'s
 * pool (the hub's root EntityManager: a plain read needs no request-scoped fork).
 *
 * A subgraph passes `options.entities` (src/federation/subgraph-compiled-reads.ts): its
 * `_entities` fetches are then compiled too, one statement for all representations of a fetch.
 */
export function createCompiledReads(
  schema: GraphQLSchema,
  catalog: ColumnCatalog,
  departments: readonly DepartmentModule[],
  em: EntityManager,
  options: CompileOptions = {},
): CompiledReads {
  const plans = new WeakMap<OperationDefinitionNode, Compiled | { reason: string }>();
  const compiledFor = (document: DocumentNode, operation: OperationDefinitionNode) => {
    let compiled = plans.get(operation);
    if (!compiled) {
      try {
        const plan = compileRead(schema, catalog, departments, operation, fragmentsOf(document), options);
        const mayServe = unguardedReadCheck(schema, plan.fields, plan.entityTypes);
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
      const params: Array<string | string[]> = [];
      for (const root of plan.roots) {
        let value: string | string[] | null;
        try {
          value = root.param(getArgumentValues(root.field as never, root.node, variables)[root.argument]);
        } catch {
          return null;
        }
        if (value == null) return null;
        params.push(value);
      }
      const rows = rowScopeOf(ctx.caller);
      const { text, regionParam } = plan.sql(rows.confined);
      if (regionParam) params.push(rows.boundPrefix!);
      const [row] = await queryPrepared<{ data: Record<string, unknown> }>(em, text, params);
      const data = row!.data;
      if (plan.roots.some((root) => data[root.key] == null)) return null;
      try {
        for (const { key, walk } of plan.decrypt) openLeaves(data[key], walk);
      } catch (err) {
        // A value that does not decrypt: the resolver path answers, with a coded field error for it.
        if (err instanceof FieldCryptoError) return null;
        throw err;
      }
      const disclosures: AuditEntry[] = [];
      for (const { key, walk } of plan.audit) collectDisclosures(data[key], walk, disclosures);
      ctx.audit.push(...disclosures);
      return { data };
    },
  };
}

const attached = new WeakMap<GraphQLSchema, CompiledReads>();

/**
 * Registers the compiled reads made for `schema`, for an executor of that schema made without
 * naming them (jit-executor.ts): a subgraph's HTTP handler builds its executor from the schema
 * alone, whichever handler serves it (src/federation/subgraph-compiled-reads.ts).
 */
export function attachCompiledReads(schema: GraphQLSchema, reads: CompiledReads): void {
  attached.set(schema, reads);
}

/** The compiled reads registered for `schema`, or null. */
export function compiledReadsOf(schema: GraphQLSchema): CompiledReads | null {
  return attached.get(schema) ?? null;
}
