import { buildSubgraphSchema } from '@apollo/subgraph';
import { MapperKind, getResolversFromSchema, mapSchema, type IResolvers } from '@graphql-tools/utils';
import { GraphQLSchema, isObjectType, type DocumentNode } from 'graphql';
import type { DepartmentModule } from '../contract/department-module.js';
import { buildSchema } from '../server/schema.js';
import { enforceAccess } from '../auth/enforce-access.js';
import { DECLARING_SCHEMA } from '../auth/derived-access.js';
import { fieldOwnership } from './ownership.js';
import { subgraphDocuments, subgraphPart } from './subgraph-sdl.js';
import { entityReferenceResolvers } from './entity-references.js';

/**
 * The monolith's merged schema (after its boot checks: access declared everywhere, rule codes)
 * and each subgraph's part of it, keyed by name (`core`, then department codes).
 */
function splitGraph(departments: readonly DepartmentModule[]) {
  const merged = buildSchema(departments, { enforce: false });
  const ownership = fieldOwnership(departments);
  const parts = new Map(ownership.subgraphs.map((name) => [name, subgraphPart(merged, ownership, name)]));
  return { merged, parts, documents: subgraphDocuments(parts) };
}

/** Every subgraph's federation SDL, keyed by subgraph name (`core`, then department codes). */
export function allSubgraphDocuments(departments: readonly DepartmentModule[]): Map<string, DocumentNode> {
  return splitGraph(departments).documents;
}

/**
 * The executable schema of one subgraph: its SDL from {@link allSubgraphDocuments}, the
 * monolith's own resolvers for those fields, `_entities` resolving references through the same
 * DataLoaders, and the monolith's one access transform (`enforceAccess`) over all of it.
 */
export function buildSubgraphExecutableSchema(departments: readonly DepartmentModule[], subgraph: string): { schema: GraphQLSchema; typeDefs: DocumentNode } {
  const { merged, parts, documents } = splitGraph(departments);
  const part = parts.get(subgraph);
  if (!part) throw new Error(`Unknown subgraph "${subgraph}"; known: ${[...parts.keys()].join(', ')}`);
  const typeDefs = documents.get(subgraph)!;
  const resolvers = getResolversFromSchema(part) as IResolvers;
  for (const [typeName, resolveReference] of Object.entries(entityReferenceResolvers(part, subgraph))) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), __resolveReference: resolveReference };
  }
  const enforced = enforceAccess(withFieldMarks(buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]), merged));
  const schema = new GraphQLSchema({ ...enforced.toConfig(), extensions: { ...enforced.extensions, [DECLARING_SCHEMA]: merged } });
  return { schema, typeDefs };
}

/**
 * The merged schema's field extensions (record-fields.ts: which fields list a person's records,
 * which read their parent's property) on the subgraph's same fields: a subgraph is built from
 * SDL, which carries no extensions, and its resolvers are the merged schema's own. The compiled
 * read path (src/compiled-read/) reads them to know what SQL may answer.
 */
function withFieldMarks(schema: GraphQLSchema, merged: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      const type = merged.getType(typeName);
      const extensions = isObjectType(type) ? type.getFields()[fieldName]?.extensions : undefined;
      return extensions && Object.keys(extensions).length ? { ...config, extensions: { ...extensions, ...config.extensions } } : config;
    },
  });
}
