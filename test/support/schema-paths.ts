import { getNamedType, isLeafType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';

/** One step from a parent object to a field, with the arguments to pass (GraphQL literal text). */
export interface PathStep {
  parent: string;
  field: string;
  args?: string;
}

/** Root fields the matrix starts from, with arguments that reach fixture data. */
const ROOTS: Record<string, string | undefined> = {
  person: '(id: "$SUBJECT")',
  household: '(id: "1")',
  persons: '(first: 1)',
  households: '(first: 1)',
  auditEvents: '(first: 1)',
  region: '(code: "410823")',
};

/**
 * The shortest path from a root field to every object type (breadth first), so each type's
 * fields can be probed through a real query.
 */
export function pathsToTypes(schema: GraphQLSchema): Map<string, PathStep[]> {
  const query = schema.getQueryType()!;
  const paths = new Map<string, PathStep[]>();
  const queue: Array<{ type: GraphQLObjectType; path: PathStep[] }> = [];
  for (const [name, args] of Object.entries(ROOTS)) {
    const field = query.getFields()[name];
    if (!field) continue;
    const type = getNamedType(field.type);
    if (!isObjectType(type) || paths.has(type.name)) continue;
    const path = [{ parent: query.name, field: name, args }];
    paths.set(type.name, path);
    queue.push({ type, path });
  }
  while (queue.length) {
    const { type, path } = queue.shift()!;
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (!isObjectType(target) || paths.has(target.name)) continue;
      if (field.args.some((a) => a.type.toString().endsWith('!'))) continue;
      const next = [...path, { parent: type.name, field: field.name }];
      paths.set(target.name, next);
      queue.push({ type: target, path: next });
    }
  }
  return paths;
}

/** Selection text for one field: leaves as is, objects by their `__typename`. */
export function leafSelection(schema: GraphQLSchema, typeName: string, field: string, alias?: string): string {
  const type = schema.getType(typeName) as GraphQLObjectType;
  const f = type.getFields()[field]!;
  const label = alias ? `${alias}: ${field}` : field;
  return isLeafType(getNamedType(f.type)) ? label : `${label} { __typename }`;
}

/** Wraps `inner` in the path's selections: `person(id: "1") { household { <inner> } }`. */
export function wrapInPath(path: PathStep[], inner: string, subject: string): string {
  return path.reduceRight((acc, step) => `${step.field}${(step.args ?? '').replace('$SUBJECT', subject)} { ${acc} }`, inner);
}

/** Follows a response along the path, taking the first element of every list. */
export function valueAt(data: unknown, keys: string[]): { value: unknown; nullAt: number | null } {
  let current = data as Record<string, unknown> | null;
  for (let i = 0; i < keys.length; i++) {
    if (current == null) return { value: null, nullAt: i - 1 };
    let next = current[keys[i]!] as unknown;
    if (Array.isArray(next)) next = next[0] ?? null;
    if (next == null && i < keys.length - 1) return { value: null, nullAt: i };
    current = next as Record<string, unknown> | null;
  }
  return { value: current, nullAt: null };
}
