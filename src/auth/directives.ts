import { getDirective } from '@graphql-tools/utils';
import type { GraphQLEnumValue, GraphQLField, GraphQLInputField, GraphQLNamedType, GraphQLSchema } from 'graphql';
import type { MaskKind } from './masking.js';
import type { ScopeRequirement } from './scopes.js';

type Annotated = GraphQLField<unknown, unknown> | GraphQLInputField | GraphQLNamedType | GraphQLEnumValue;

/** The `@requiresScopes` of a type, field or input field, or null. */
export function requiredScopes(schema: GraphQLSchema, node: Annotated): ScopeRequirement | null {
  const d = getDirective(schema, node, 'requiresScopes')?.[0];
  return d ? (d.scopes as string[][]) : null;
}

export function isPublic(schema: GraphQLSchema, node: Annotated): boolean {
  return !!getDirective(schema, node, 'public')?.[0];
}

export interface SensitiveSpec {
  mask: MaskKind;
  unless: ScopeRequirement;
}

export function sensitiveSpec(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>): SensitiveSpec | null {
  const d = getDirective(schema, field, 'sensitive')?.[0];
  return d ? { mask: d.mask as MaskKind, unless: d.unless as string[][] } : null;
}

/** Whether the field's counts pass disclosure control (`@disclosureControl`). */
export function isDisclosureControlled(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>): boolean {
  return !!getDirective(schema, field, 'disclosureControl')?.[0];
}
