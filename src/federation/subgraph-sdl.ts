import { filterSchema, pruneSchema, printSchemaWithDirectives } from '@graphql-tools/utils';
import { isObjectType, Kind, parse, type DefinitionNode, type DirectiveNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ENTITY_TYPES, ownerOf, type Ownership } from './ownership.js';

/** Federation v2 spec the subgraphs link to; only these names are imported (our `@requiresScopes` stays ours). */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.3';
const FEDERATION_IMPORTS = ['@key', '@shareable'];

const isEntity = (typeName: string) => (ENTITY_TYPES as readonly string[]).includes(typeName);

/**
 * The part of the merged schema one subgraph serves, resolvers included: the root and entity
 * fields it owns, entity keys, and every type reachable from them. Value types are kept whole;
 * entities keep only `id` plus the owned fields.
 */
export function subgraphPart(merged: GraphQLSchema, ownership: Ownership, subgraph: string): GraphQLSchema {
  const rootNames = new Set([merged.getQueryType()?.name, merged.getMutationType()?.name, merged.getSubscriptionType()?.name]);
  const keep = (typeName: string, fieldName: string): boolean => {
    if (ownerOf(ownership, typeName, fieldName) === subgraph) return true;
    if (isEntity(typeName)) return fieldName === 'id';
    if (rootNames.has(typeName)) return false;
    return !ownership.owner.has(`${typeName}.${fieldName}`);
  };
  const filtered = filterSchema({
    schema: merged,
    rootFieldFilter: (operation, fieldName) => keep(operation, fieldName),
    objectFieldFilter: keep,
  });
  // An entity the subgraph adds fields to stays even when none of its own fields returns it.
  const extendsEntity = (typeName: string) =>
    isEntity(typeName) && Object.keys((filtered.getType(typeName) as { getFields?: () => object } | undefined)?.getFields?.() ?? {}).some((f) => f !== 'id');
  return pruneSchema(filtered, { skipPruning: (type) => extendsEntity(type.name) });
}

/** Object types other than roots and entities, by name: the value types a subgraph shares. */
function valueTypeNames(schema: GraphQLSchema): string[] {
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name]);
  return Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && !t.name.startsWith('__') && !roots.has(t.name) && !isEntity(t.name))
    .map((t) => t.name);
}

const linkDefinition = parse(`extend schema @link(url: "${FEDERATION_LINK}", import: ${JSON.stringify(FEDERATION_IMPORTS)})`).definitions[0]!;
const shareable: DirectiveNode = { kind: Kind.DIRECTIVE, name: { kind: Kind.NAME, value: 'shareable' } };

/**
 * Federation SDL of every subgraph, from their parts of the one merged schema: `@link` to
 * federation v2, the hub's own `directive @key` declaration dropped (the link provides it),
 * and `@shareable` on each value type more than one subgraph resolves (e.g. `Provenance`).
 */
export function subgraphDocuments(parts: ReadonlyMap<string, GraphQLSchema>): Map<string, DocumentNode> {
  const seen = new Map<string, number>();
  for (const part of parts.values()) for (const name of valueTypeNames(part)) seen.set(name, (seen.get(name) ?? 0) + 1);
  const out = new Map<string, DocumentNode>();
  for (const [name, part] of parts) {
    const printed = parse(printSchemaWithDirectives(part));
    const definitions: DefinitionNode[] = [linkDefinition];
    for (const definition of printed.definitions) {
      if (definition.kind === Kind.DIRECTIVE_DEFINITION && FEDERATION_IMPORTS.includes(`@${definition.name.value}`)) continue;
      if (definition.kind === Kind.SCHEMA_DEFINITION) continue;
      if (definition.kind === Kind.OBJECT_TYPE_DEFINITION && (seen.get(definition.name.value) ?? 0) > 1) {
        definitions.push({ ...definition, directives: [...(definition.directives ?? []), shareable] } as DefinitionNode);
        continue;
      }
      definitions.push(definition);
    }
    out.set(name, { kind: Kind.DOCUMENT, definitions });
  }
  return out;
}
