/**
 * Abuse limits on a GraphQL operation (DESIGN §5, `QueryLimits` in src/auth/policy.ts): token
 * count, field depth, alias count and an estimated cost. Measured on the document alone, before
 * anything resolves, so a hostile query is rejected for the price of reading it.
 */
import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { QueryLimits } from '../contract/caller.js';
import type { ErrorCode } from '../core/errors.js';

/** What {@link analyzeOperation} measures. */
export interface OperationAnalysis {
  /** Deepest field nesting; a root field is depth 1. */
  depth: number;
  /** Fields written with an alias, counted once per place a fragment is spread. */
  aliases: number;
  /** Estimated resolved fields; see {@link analyzeOperation}. */
  cost: number;
}

/** Size assumed for a list field without a `first` argument. */
export const DEFAULT_LIST_SIZE = 10;
/** Size assumed for a `first` argument that is absent and has no default in the schema. */
export const DEFAULT_FIRST = 20;

const NOTHING: OperationAnalysis = { depth: 0, aliases: 0, cost: 0 };

/**
 * Counts the lexical tokens of `source` with graphql-js's own lexer (punctuators, names,
 * numbers, strings; comments and the start/end markers do not count — the same count as
 * `parse(source, { maxTokens })`).
 *
 * Counting stops as soon as the count exceeds `cap`, returning `cap + 1`, so a huge document
 * costs no more than reading `cap` tokens. A lexical error also stops counting and returns the
 * tokens read so far: the parser reports the error itself.
 */
export function countTokens(source: string, cap: number = Number.POSITIVE_INFINITY): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (count <= cap && lexer.advance().kind !== TokenKind.EOF) count++;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
  }
  return count;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  variableDefaults: Map<string, ValueNode>;
  /** Fragment summaries: a fragment's measure does not depend on where it is spread. */
  summaries: Map<string, OperationAnalysis>;
  /** Fragments being walked, to cut cycles (which validation rejects anyway). */
  walking: Set<string>;
  /** Set when a variable's value (or default) decided a list size: the measure is then per request. */
  readVariables: boolean;
}

/**
 * Measures the operation `operationName` of `document` (the only operation when no name is
 * given); an operation that cannot be selected measures zero, since it cannot execute either.
 * Fragment spreads and inline fragments are expanded where they are used; each named fragment
 * is measured once and its measure reused, so fragments spread exponentially often cost linear
 * time, and a fragment cycle contributes nothing where it closes.
 *
 * Introspection fields (`__schema`, `__type`, `__typename`; every name beginning with `__` is
 * reserved for introspection) and everything below them are left out entirely, so GraphiQL's
 * introspection query measures `{ depth: 0, aliases: 0, cost: 0 }`.
 *
 * - depth(field) = 1 + max depth of its selections (0 for a leaf's empty selection set);
 *   depth of the operation = max over its root fields.
 * - aliases = number of fields written `alias: field`, once per expansion.
 * - cost(selection set) = Σ cost(field) over its fields, fragments expanded;
 *   cost(field) = 1 + size(field) × cost(field's selection set), where `size` is:
 *   - the `first` argument, when the field has a `first` argument and its type (non-null
 *     unwrapped) is a list or a connection (an object type named `…Connection`): the literal,
 *     else the variable's value, else the variable's default, else the argument's default in
 *     the schema, else {@link DEFAULT_FIRST} (20); negative values count as 0;
 *   - 1 for a list field of a connection type (`nodes`, `edges`): the connection's `first`
 *     already counts its items;
 *   - {@link DEFAULT_LIST_SIZE} (10) for any other list field;
 *   - 1 otherwise.
 *
 * For example `{ persons(first: 50) { nodes { name household { members { name } } } } }` costs
 * persons 1 + 50 × (nodes 1 + 1 × (name 1 + household (1 + 1 × (members 1 + 10 × name 1))))
 * = 1 + 50 × 14 = 701, with depth 5 and no aliases. Fields unknown to the schema (an invalid
 * document) cost 1 and multiply by 1.
 */
export function analyzeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): OperationAnalysis {
  return measureOperation(schema, document, operationName, variables).analysis;
}

function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): { analysis: OperationAnalysis; readVariables: boolean } {
  const operation = selectOperation(document, operationName);
  if (!operation) return { analysis: NOTHING, readVariables: false };
  const walk: Walk = {
    schema,
    fragments: new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    ),
    variables: variables ?? {},
    variableDefaults: new Map(
      (operation.variableDefinitions ?? []).flatMap((v) => (v.defaultValue ? [[v.variable.name.value, v.defaultValue]] : [])),
    ),
    summaries: new Map(),
    walking: new Set(),
    readVariables: false,
  };
  const analysis = measureSelectionSet(walk, operation.selectionSet, schema.getRootType(operation.operation) ?? undefined);
  return { analysis, readVariables: walk.readVariables };
}

function selectOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

function measureSelectionSet(walk: Walk, selectionSet: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined): OperationAnalysis {
  const total = { depth: 0, aliases: 0, cost: 0 };
  for (const selection of selectionSet?.selections ?? []) {
    let part: OperationAnalysis;
    if (selection.kind === Kind.FIELD) part = measureField(walk, selection, parent);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) ?? undefined : parent;
      part = measureSelectionSet(walk, selection.selectionSet, type);
    } else part = measureFragment(walk, selection.name.value);
    total.depth = Math.max(total.depth, part.depth);
    total.aliases += part.aliases;
    total.cost += part.cost;
  }
  return total;
}

function measureFragment(walk: Walk, name: string): OperationAnalysis {
  const known = walk.summaries.get(name);
  if (known) return known;
  const fragment = walk.fragments.get(name);
  if (!fragment || walk.walking.has(name)) return NOTHING;
  walk.walking.add(name);
  const type = walk.schema.getType(fragment.typeCondition.name.value) ?? undefined;
  const summary = measureSelectionSet(walk, fragment.selectionSet, type);
  walk.walking.delete(name);
  walk.summaries.set(name, summary);
  return summary;
}

function measureField(walk: Walk, node: FieldNode, parent: GraphQLNamedType | undefined): OperationAnalysis {
  if (node.name.value.startsWith('__')) return NOTHING;
  const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
  const below = measureSelectionSet(walk, node.selectionSet, field ? getNamedType(field.type) : undefined);
  const size = listSize(walk, node, field, parent);
  return {
    depth: 1 + below.depth,
    aliases: (node.alias ? 1 : 0) + below.aliases,
    // 0 × an overflowed Infinity would be NaN, which no limit comparison catches.
    cost: 1 + (size === 0 ? 0 : size * below.cost),
  };
}

function isConnection(type: GraphQLNamedType | undefined): boolean {
  return isObjectType(type) && type.name.endsWith('Connection');
}

/** How many times a field's selection set is resolved: `size` of {@link analyzeOperation}. */
function listSize(
  walk: Walk,
  node: FieldNode,
  field: GraphQLField<unknown, unknown> | undefined,
  parent: GraphQLNamedType | undefined,
): number {
  if (!field) return 1;
  const isList = isListType(getNullableType(field.type));
  const first = field.args.find((a) => a.name === 'first');
  if (first && (isList || isConnection(getNamedType(field.type)))) {
    const given = argumentValue(walk, node, 'first');
    const size = given ?? (typeof first.defaultValue === 'number' ? first.defaultValue : DEFAULT_FIRST);
    return Math.max(0, Math.floor(size));
  }
  if (isList) return isConnection(parent) ? 1 : DEFAULT_LIST_SIZE;
  return 1;
}

/** A numeric argument as the request gives it, or undefined when absent, null or not a number. */
function argumentValue(walk: Walk, node: FieldNode, name: string): number | undefined {
  const argument = node.arguments?.find((a) => a.name.value === name);
  return argument ? numberOf(walk, argument.value) : undefined;
}

function numberOf(walk: Walk, value: ValueNode): number | undefined {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind !== Kind.VARIABLE) return undefined;
  walk.readVariables = true;
  const name = value.name.value;
  const given = walk.variables[name];
  if (typeof given === 'number' && Number.isFinite(given)) return given;
  if (given !== undefined && given !== null) return undefined; // a wrong type: coercion rejects it
  const fallback = walk.variableDefaults.get(name);
  // A default value is a constant, so this recursion ends at once.
  return fallback && fallback.kind !== Kind.VARIABLE ? numberOf(walk, fallback) : undefined;
}

/** The limit names of {@link QueryLimits}, in the order {@link checkLimits} checks them. */
export type QueryLimitName = keyof QueryLimits;

const CHECKS: ReadonlyArray<{ limit: QueryLimitName; what: string }> = [
  { limit: 'maxTokens', what: 'Query token count' },
  { limit: 'maxDepth', what: 'Query depth' },
  { limit: 'maxAliases', what: 'Query alias count' },
  { limit: 'maxCost', what: 'Query cost' },
];

/**
 * Checks a request against the caller's limits: tokens first (counted on `source`, stopping
 * just past `maxTokens`), then depth, aliases and cost of `analysis`. Returns a
 * `QUERY_TOO_COMPLEX` error for the first limit exceeded, with
 * `extensions: { code, limit, value, max }` and a message such as
 * `Query depth 14 exceeds the limit of 12 (maxDepth)`; null when every limit holds. A value
 * equal to its maximum passes. The token `value` is `maxTokens + 1` whenever counting stopped
 * early, so it is a lower bound of the real count.
 */
export function checkLimits(source: string, analysis: OperationAnalysis, limits: QueryLimits): GraphQLError | null {
  return limitError(countTokens(source, limits.maxTokens), analysis, limits);
}

/** The error for the first limit exceeded, in {@link CHECKS} order; null when all hold. */
function limitError(tokens: number, analysis: OperationAnalysis, limits: QueryLimits): GraphQLError | null {
  const values: Record<QueryLimitName, number> = { maxTokens: tokens, maxDepth: analysis.depth, maxAliases: analysis.aliases, maxCost: analysis.cost };
  for (const { limit, what } of CHECKS) {
    const value = values[limit];
    const max = limits[limit];
    // Written as "not within" so that a NaN value fails rather than slipping through.
    if (!(value <= max)) {
      const code: ErrorCode = 'QUERY_TOO_COMPLEX';
      return new GraphQLError(`${what} ${value} exceeds the limit of ${max} (${limit})`, {
        extensions: { code, limit, value, max },
      });
    }
  }
  return null;
}

/** Checks one request against the caller's limits; see {@link createLimitCheck}. */
export type LimitCheck = (
  request: { source: string; document: DocumentNode; operationName: string | null | undefined; variables: Record<string, unknown> | undefined },
  limits: QueryLimits,
) => GraphQLError | null;

/**
 * {@link checkLimits} of {@link analyzeOperation}, remembered per parsed document. Apollo Server
 * hands every request with the same query text the same cached `DocumentNode`, so a repeated
 * operation is measured once: its token count per cap, and its analysis per operation name unless
 * a variable decided a list size (`first: $n`), which is measured again on every request. The
 * memo lives as long as the document does (a WeakMap), so it grows with Apollo's document cache
 * and no further.
 */
export function createLimitCheck(schema: GraphQLSchema): LimitCheck {
  interface Memo {
    source: string;
    tokens: Map<number, number>;
    analyses: Map<string, OperationAnalysis>;
  }
  const memos = new WeakMap<DocumentNode, Memo>();
  return ({ source, document, operationName, variables }, limits) => {
    let memo = memos.get(document);
    // One document, one text; a different text (a caller of this function other than Apollo) starts afresh.
    if (!memo || memo.source !== source) memos.set(document, (memo = { source, tokens: new Map(), analyses: new Map() }));
    let tokens = memo.tokens.get(limits.maxTokens);
    if (tokens === undefined) memo.tokens.set(limits.maxTokens, (tokens = countTokens(source, limits.maxTokens)));
    const key = operationName ?? '';
    let analysis = memo.analyses.get(key);
    if (!analysis) {
      const measured = measureOperation(schema, document, operationName, variables);
      analysis = measured.analysis;
      if (!measured.readVariables) memo.analyses.set(key, analysis);
    }
    return limitError(tokens, analysis, limits);
  };
}
