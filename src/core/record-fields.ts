import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { GraphQLField, GraphQLSchema } from 'graphql';
import type { RecordKind } from '../contract/department-module.js';
import { columnOpenedBy } from '../crypto/open-field.js';

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
  /** No resolver of its own — or one that only decrypts it: the field is its parent's property of the same name. */
  readsParentProperty?: boolean;
  /** The column (`schema.table.column`) whose ciphertext the field's resolver opens. */
  encryptedColumn?: string;
}

/**
 * Copies the marks of the resolvers in `resolvers` (type → field → resolver) onto field extensions
 * (`personRecordKind`), and marks the fields without a resolver (`readsParentProperty`): the
 * compiled read path may read those straight from their column (src/compiled-read/).
 */
export function annotateRecordFields(schema: GraphQLSchema, resolvers: Record<string, unknown>): GraphQLSchema {
  const kindAt = (typeName: string, fieldName: string) => {
    const resolve = (resolvers[typeName] as Record<string, unknown> | undefined)?.[fieldName];
    return typeof resolve === 'function' ? kindOfResolver.get(resolve) : undefined;
  };
  const openedAt = (typeName: string, fieldName: string) => columnOpenedBy((resolvers[typeName] as Record<string, unknown> | undefined)?.[fieldName]);
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      const kind = kindAt(typeName, fieldName);
      if (kind) return { ...config, extensions: { ...config.extensions, personRecordKind: kind } };
      // A field whose resolver only decrypts its column is still read from the column (and decrypted after the statement).
      const encryptedColumn = openedAt(typeName, fieldName);
      if (encryptedColumn) return { ...config, extensions: { ...config.extensions, readsParentProperty: true, encryptedColumn } };
      return config.resolve ? config : { ...config, extensions: { ...config.extensions, readsParentProperty: true } };
    },
  });
}

/** The record kind a field lists for its parent's person, if it is such a field. */
export function personRecordKindOf(field: GraphQLField<unknown, unknown> | undefined): RecordKind | undefined {
  return (field?.extensions as RecordFieldExtensions | undefined)?.personRecordKind;
}

/** Whether the field has no resolver of its own, or one that only decrypts it (it returns its parent's property of the same name). */
export function readsParentProperty(field: GraphQLField<unknown, unknown> | undefined): boolean {
  return (field?.extensions as RecordFieldExtensions | undefined)?.readsParentProperty === true;
}

/** The column whose ciphertext the field holds (its resolver opens it), if it is such a field. */
export function encryptedColumnOf(field: GraphQLField<unknown, unknown> | undefined): string | undefined {
  return (field?.extensions as RecordFieldExtensions | undefined)?.encryptedColumn;
}
