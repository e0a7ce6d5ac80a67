import {
  getLocation,
  getNamedType,
  isAbstractType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getOperationAST,
  GraphQLError,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

type Path = ReadonlyArray<string | number>;

/** `SUBGRAPH_UNAVAILABLE` (subgraph-unavailable.ts; repeated here to keep this module free of the gateway runtime). */
const SUBGRAPH_UNAVAILABLE_CODE = 'SUBGRAPH_UNAVAILABLE';

/**
 * Where `pattern` (response keys, list indices missing) lands in `data`: every concrete path,
 * in document order, that expands each list met on the way and ends on a null value.
 */
function concretePaths(data: unknown, pattern: Path): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  const walk = (value: unknown, i: number, at: Array<string | number>) => {
    if (i === pattern.length) {
      if (value == null) out.push(at);
      return;
    }
    if (Array.isArray(value)) {
      const step = pattern[i];
      if (typeof step === 'number') walk(value[step], i + 1, [...at, step]);
      else value.forEach((item, index) => walk(item, i, [...at, index]));
      return;
    }
    if (value == null || typeof value !== 'object') return;
    const key = pattern[i]!;
    walk((value as Record<string, unknown>)[key as string], i + 1, [...at, key]);
  };
  walk(data, 0, []);
  return out;
}

/** True when `path` walks through `data` as a response path does (an index at every list). */
function resolves(data: unknown, path: Path): boolean {
  let value = data;
  for (const step of path) {
    if (Array.isArray(value) !== (typeof step === 'number')) return false;
    if (value == null || typeof value !== 'object') return false;
    value = (value as Record<string | number, unknown>)[step];
  }
  return true;
}

/** The field node a response path names in the operation (first match, as graphql-js reports it). */
function fieldNodeAt(document: DocumentNode, operationName: string | null | undefined, path: Path): FieldNode | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const find = (set: SelectionSetNode, key: string): FieldNode | null => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD && (selection.alias?.value ?? selection.name.value) === key) return selection;
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value)?.selectionSet : undefined;
      const found = inner ? find(inner, key) : null;
      if (found) return found;
    }
    return null;
  };
  let set: SelectionSetNode | undefined = operation.selectionSet;
  let node: FieldNode | null = null;
  for (const step of path) {
    if (typeof step === 'number') continue;
    if (!set) return null;
    node = find(set, step);
    if (!node) return null;
    set = node.selectionSet;
  }
  return node;
}

/**
 * Gives errors the paths and locations the monolith gives them. The gateway's batched entity
 * fetches report an error inside a list without its list indices (`household.members.health`
 * for `household.members.0.health`, graphql-tools' batch delegation drops them) and without
 * locations. Each such error is placed on the next null value its index-less path reaches, in
 * document order — the order the gateway batched the entities in — and located at its field.
 */
export function restoreErrorPaths(result: ExecutionResult, document: DocumentNode, operationName: string | null | undefined): ExecutionResult {
  if (!result.errors?.length) return result;
  const taken = new Set<string>();
  const errors = result.errors.map((error) => {
    let path = error.path;
    if (path && !resolves(result.data, path)) {
      const free = concretePaths(result.data, path).find((p) => !taken.has(JSON.stringify(p)));
      if (free) path = free;
    }
    if (path) taken.add(JSON.stringify(path));
    const node = path ? fieldNodeAt(document, operationName, path) : null;
    const locations = error.locations ?? (node?.loc ? [getLocation(node.loc.source, node.loc.start)] : undefined);
    if (path === error.path && locations === error.locations) return error;
    return new GraphQLError(error.message, { path, extensions: error.extensions, originalError: error.originalError ?? undefined, nodes: node ?? undefined });
  });
  return { ...result, errors };
}

/**
 * A subgraph that did not answer (`SUBGRAPH_UNAVAILABLE`) leaves every field it owns null. The
 * query planner reports that once per fetch — one error for a whole batch, with the batch's
 * list path or none (Hive's Rust planner merges the person's and the members' entity fetches
 * into one) — where the monolith gives one error per null field. Each such error is replaced by
 * one error at every null the failed subgraph's fields left in `data`, walking the client's
 * document in order (outermost only: nothing is reported inside a field already null).
 * @param ownerOf the subgraph serving `typeName.fieldName`.
 */
export function placeUnavailableSubgraphErrors(
  result: ExecutionResult,
  document: DocumentNode,
  operationName: string | null | undefined,
  schema: GraphQLSchema,
  ownerOf: (typeName: string, fieldName: string) => string,
): ExecutionResult {
  const failed = new Map<string, GraphQLError>();
  for (const error of result.errors ?? []) {
    const subgraph = error.extensions?.code === SUBGRAPH_UNAVAILABLE_CODE ? error.extensions?.subgraph : undefined;
    if (typeof subgraph === 'string' && !failed.has(subgraph)) failed.set(subgraph, error);
  }
  const operation = getOperationAST(document, operationName);
  if (failed.size === 0 || !operation || result.data == null) return result;
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return result;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const placed: GraphQLError[] = [];
  const seen = new Set<string>();
  const walk = (value: unknown, type: GraphQLNamedType, set: SelectionSetNode, at: Array<string | number>) => {
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, type, set, [...at, i]));
    if (value == null || typeof value !== 'object' || !isObjectType(type)) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        if (!fragment) continue;
        const condition: GraphQLNamedType | null | undefined = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        if (condition === type || (condition && isAbstractType(condition))) walk(value, type, fragment.selectionSet, at);
        continue;
      }
      const key = selection.alias?.value ?? selection.name.value;
      const fieldValue = (value as Record<string, unknown>)[key];
      const field = type.getFields()[selection.name.value];
      if (!field || fieldValue === undefined) continue;
      const path = [...at, key];
      const source = failed.get(ownerOf(type.name, selection.name.value));
      if (fieldValue === null && source) {
        const id = JSON.stringify(path);
        if (!seen.has(id)) {
          seen.add(id);
          placed.push(new GraphQLError(source.message, { path, nodes: selection, extensions: source.extensions }));
        }
        continue;
      }
      if (selection.selectionSet) walk(fieldValue, getNamedType(field.type), selection.selectionSet, path);
    }
  };
  walk(result.data, rootType, operation.selectionSet, []);
  // A subgraph whose fields left no null in the data (e.g. nothing asked reached it) keeps its error as given.
  // Placed where the subgraph's first error stood, the other errors in their order.
  const errors: GraphQLError[] = [];
  const done = new Set<unknown>();
  for (const error of result.errors ?? []) {
    const subgraph = error.extensions?.code === SUBGRAPH_UNAVAILABLE_CODE ? error.extensions?.subgraph : undefined;
    const mine = subgraph === undefined ? [] : placed.filter((e) => e.extensions.subgraph === subgraph);
    if (mine.length === 0) errors.push(error);
    else if (!done.has(subgraph)) {
      done.add(subgraph);
      errors.push(...mine);
    }
  }
  return { ...result, errors };
}
