import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { GraphQLField, GraphQLSchema } from 'graphql';
import type { RecordKind } from '../departments/department-module.js';

/**
 * Which schema fields list a record kind of their parent's person, so a resolver high in the tree
 * can read those records ahead, in its own statement (see record-lookahead.ts). Resolvers are
 * marked where they are made (`personRecords(kind)`), and the mark is copied from the resolver
 * map onto the field's `extensions` when the schema is built (graphql-tools installs a bound copy
 * of each resolver, so the schema's own function carries no mark); the access wrapper keeps extensions.
 */
const kindOfResolver = new WeakMap<object, RecordKind>();

/** Marks `resolve` as listing the records of `kind` owned by its parent's person. */
export function markRecordResolver<F extends object>(resolve: F, kind: RecordKind): F {
  kindOfResolver.set(resolve, kind);
  return resolve;
}

interface RecordFieldExtensions {
  personRecordKind?: RecordKind;
}

/** Copies the marks of the resolvers in `resolvers` (type → field → resolver) onto field extensions (`personRecordKind`). */
export function annotateRecordFields(schema: GraphQLSchema, resolvers: Record<string, unknown>): GraphQLSchema {
  const kindAt = (typeName: string, fieldName: string) => {
    const resolve = (resolvers[typeName] as Record<string, unknown> | undefined)?.[fieldName];
    return typeof resolve === 'function' ? kindOfResolver.get(resolve) : undefined;
  };
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      const kind = kindAt(typeName, fieldName);
      return kind ? { ...config, extensions: { ...config.extensions, personRecordKind: kind } } : config;
    },
  });
}

/** The record kind a field lists for its parent's person, if it is such a field. */
export function personRecordKindOf(field: GraphQLField<unknown, unknown> | undefined): RecordKind | undefined {
  return (field?.extensions as RecordFieldExtensions | undefined)?.personRecordKind;
}
