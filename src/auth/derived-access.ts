import { isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { fieldAccess, typeRequirement } from './access-plan.js';
import { both, satisfies, type ScopeRequirement } from './scopes.js';

/** A value copied out of its field (warning evidence, chain events) that names where it came from. */
export interface SourcedItem {
  /** `Type.field` coordinate or a bare type name. */
  source: string;
  /** Scopes required on top of the source's own. */
  requires?: ScopeRequirement | null;
}

type Requirement = { known: false } | { known: true; requirement: ScopeRequirement | null };

const cache = new WeakMap<GraphQLSchema, Map<string, Requirement>>();

/**
 * Schema extension naming the schema that declares the whole graph: a federation subgraph
 * serves part of it, yet decides copied values (chain events, evidence from every department)
 * by every department's declarations (src/federation/subgraph-schema.ts).
 */
export const DECLARING_SCHEMA = 'careGraphDeclaringSchema';

/**
 * What the SDL demands to read a coordinate: the type's `@requiresScopes` for a bare type; for a
 * field, the parent type's and the field's own plus, for a `@sensitive` field, its unmask scopes
 * (a copied value cannot be masked). Unknown coordinates are never readable (deny by default).
 */
export function sourceRequirement(served: GraphQLSchema, source: string): Requirement {
  const schema = (served.extensions[DECLARING_SCHEMA] as GraphQLSchema | undefined) ?? served;
  let bySchema = cache.get(schema);
  if (!bySchema) cache.set(schema, (bySchema = new Map()));
  const hit = bySchema.get(source);
  if (hit) return hit;
  const [typeName, fieldName] = source.split('.');
  const type = schema.getType(typeName ?? '');
  let result: Requirement = { known: false };
  if (type && (isObjectType(type) || isInterfaceType(type))) {
    if (fieldName == null) result = { known: true, requirement: typeRequirement(schema, type) };
    else {
      const field = type.getFields()[fieldName];
      if (field) {
        const access = fieldAccess(schema, type, field);
        result = { known: true, requirement: both(access.effective, access.sensitive?.unless ?? null) };
      }
    }
  }
  bySchema.set(source, result);
  return result;
}

/**
 * The one place copied values are permission-filtered: keeps the items whose source the caller
 * could read through the API itself, and says how many were withheld.
 */
export function visibleBySource<T>(
  schema: GraphQLSchema,
  scopes: ReadonlySet<string>,
  items: readonly T[],
  sourceOf: (item: T) => SourcedItem,
): { visible: T[]; hidden: number } {
  const visible = items.filter((item) => {
    const { source, requires } = sourceOf(item);
    const req = sourceRequirement(schema, source);
    return req.known && satisfies(scopes, both(req.requirement, requires ?? null));
  });
  return { visible, hidden: items.length - visible.length };
}
