import {
  GraphQLError,
  execute,
  getNamedType,
  getVariableValues,
  getOperationAST,
  isInputObjectType,
  printSchema,
  typeFromAST,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { compiledReadsOf, type CompiledReads } from '../compiled-read/compiled-reads.js';
import type { CareGraphContext } from '../contract/request-context.js';

/**
 * Whether an input type reachable from `type` can contain itself (`PersonFilter { and:
 * [PersonFilter!] }`, also when reached through `ReportInput.filter`): a cycle anywhere below.
 */
function reachesRecursiveInput(type: GraphQLInputObjectType): boolean {
  const done = new Set<GraphQLInputObjectType>();
  const onPath = new Set<GraphQLInputObjectType>();
  const cyclic = (at: GraphQLInputObjectType): boolean => {
    if (onPath.has(at)) return true;
    if (done.has(at)) return false;
    onPath.add(at);
    const found = Object.values(at.getFields()).some((field) => {
      const inner = getNamedType(field.type);
      return isInputObjectType(inner) && cyclic(inner);
    });
    onPath.delete(at);
    done.add(at);
    return found;
  };
  return cyclic(type);
}

/**
 * graphql-jit's variable compiler inlines input types and never ends on a recursive one (its
 * issue #81, open): such operations keep graphql-js. Literal arguments of those types are fine.
 */
function declaresRecursiveVariable(schema: GraphQLSchema, operation: OperationDefinitionNode, memo: Map<GraphQLInputObjectType, boolean>): boolean {
  return (operation.variableDefinitions ?? []).some((def) => {
    const type = typeFromAST(schema, def.type as never);
    const named = type && getNamedType(type);
    if (!named || !isInputObjectType(named)) return false;
    let recursive = memo.get(named);
    if (recursive === undefined) memo.set(named, (recursive = reachesRecursiveInput(named)));
    return recursive;
  });
}

/** Compile an operation from its second run on: a one-off query never pays for compilation. */
const COMPILE_AFTER_RUNS = 1;

interface OperationPlan {
  runs: number;
  compiled: CompiledQuery | null;
  /** True when graphql-jit cannot or must not run it. */
  interpreted: boolean;
}

/**
 * Runs operations with graphql-jit instead of graphql-js's interpreter: a repeated operation is
 * compiled once into a function that walks its selection directly (resolver calls, argument
 * reading and result completion without the interpreter's generic work per field). On a person
 * graph — hundreds of fields per response — `npm run bench` measured the interpreter as the
 * largest CPU cost of a request. Resolvers, the access wrapper, scalars and errors are the
 * schema's own; only the walk changes (test/integration/jit-executor.test.ts compares answers).
 *
 * Plans are kept per parsed document: Apollo Server keeps parsed documents in an LRU keyed by
 * the query text, so a repeated query reuses both, and a document it evicts takes its plan along.
 * An operation's first run, and any operation graphql-jit cannot compile, runs on graphql-js.
 * Compiled reads not named here are those registered for the schema (a subgraph's), if any.
 */
export function createJitExecutor(schema: GraphQLSchema, compiledReads: CompiledReads | null = compiledReadsOf(schema)): GatewayExecutor {
  const planFor = createOperationPlanner(schema);
  return async ({ document, operationName, request, context }) => {
    const variables = request.variables ?? {};
    const operation = getOperationAST(document, operationName) ?? null;
    const name = operationName ?? operation?.name?.value ?? null;
    // Variables are coerced here, by graphql-js, before either fast path sees them: graphql-jit
    // reports a wrongly typed variable without the error's variable node (Apollo then cannot tell
    // it from a crash and answers INTERNAL_SERVER_ERROR), and compiled reads read argument values
    // that must already be coerced. graphql-js's errors are the ones Apollo codes BAD_USER_INPUT.
    const coerced: ReturnType<typeof getVariableValues> = operation?.variableDefinitions?.length
      ? getVariableValues(schema, operation.variableDefinitions, variables, { maxErrors: 20 })
      : { coerced: variables };
    if (coerced.errors) return { errors: coerced.errors };
    if (compiledReads && operation) {
      // A read the caller may see whole is one statement (src/compiled-read/); any failure there
      // leaves the answer to the resolver path, which reports errors field by field.
      const served = await compiledReads.serve(document, operation, context as CareGraphContext, coerced.coerced!).catch(() => null);
      if (served) return served;
    }
    const { compiled } = planFor(document, operation, name);
    if (compiled) return withGraphQLErrors((await compiled.query(undefined, context, variables)) as ExecutionResult);
    return (await execute({ schema, document, contextValue: context, variableValues: variables, operationName: name })) as ExecutionResult;
  };
}

/**
 * graphql-jit reports errors as its own error class: a subclass of graphql-js's whose properties
 * are read-only and whose `extensions` may be missing. Apollo's error handling cannot add its
 * code to those, so it dropped their path and locations and skipped `formatError` (an unexpected
 * error was neither logged nor stripped of its message). They are rebuilt as graphql-js errors,
 * keeping the cause; answers without errors pay nothing.
 */
function withGraphQLErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.some(isJitError)) return result;
  return { ...result, errors: result.errors.map((e) => (isJitError(e) ? asGraphQLError(e) : e)) };
}

const isJitError = (error: GraphQLError): boolean => Object.getPrototypeOf(error) !== GraphQLError.prototype;

function asGraphQLError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
  // Locations come from AST nodes, which graphql-jit's errors do not carry: copy them over.
  if (error.locations) (rebuilt as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}

/** Counts an operation's runs and compiles it when due; the plan says how to run it this time. */
export function createOperationPlanner(schema: GraphQLSchema) {
  const plans = new WeakMap<DocumentNode, Map<string, OperationPlan>>();
  const recursiveInputs = new Map<GraphQLInputObjectType, boolean>();
  const planFor = (document: DocumentNode, operation: OperationDefinitionNode | null, name: string | null): OperationPlan => {
    let byName = plans.get(document);
    if (!byName) plans.set(document, (byName = new Map()));
    let plan = byName.get(name ?? '');
    if (!plan) {
      plan = { runs: 0, compiled: null, interpreted: !operation || declaresRecursiveVariable(schema, operation, recursiveInputs) };
      byName.set(name ?? '', plan);
    }
    if (!plan.interpreted && !plan.compiled && plan.runs++ >= COMPILE_AFTER_RUNS) {
      const result = compileQuery(schema, document, name ?? undefined);
      if (isCompiledQuery(result)) plan.compiled = result;
      else plan.interpreted = true;
    }
    return plan;
  };
  return planFor;
}

/**
 * Apollo Server's gateway interface is its one documented way to replace the executor: the
 * "gateway" here serves this process's own schema, fixed for its lifetime, with the JIT executor.
 * Parsing, validation, plugins (credentials, query limits, the audit trail), error formatting and
 * HTTP handling stay Apollo's.
 */
export function jitGateway(schema: GraphQLSchema, compiledReads: CompiledReads | null = compiledReadsOf(schema)): GatewayInterface {
  let listener: ((schemaContext: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void) | null = null;
  return {
    onSchemaLoadOrUpdate(callback) {
      listener = callback;
      return () => {
        listener = null;
      };
    },
    async load() {
      listener?.({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return { executor: createJitExecutor(schema, compiledReads) };
    },
    async stop() {},
  };
}
