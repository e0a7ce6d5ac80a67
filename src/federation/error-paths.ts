import {
  getLocation,
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
