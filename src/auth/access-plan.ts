import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLInterfaceType,
  type GraphQLSchema,
} from 'graphql';
import { isDisclosureControlled, isPublic, requiredScopes, sensitiveSpec, type SensitiveSpec } from './directives.js';
import { both, implies, type ScopeRequirement } from './scopes.js';

/** Everything the enforcement layer needs to know about one field, computed once at boot. */
export interface FieldAccess {
  coordinate: string;
  /** What the SDL declares: the field's own scopes and those of the type it returns. */
  declared: ScopeRequirement | null;
  /** What must be checked when resolving: `declared` minus what reaching the parent already proved. */
  needed: ScopeRequirement | null;
  /** Everything a caller needs to read this field: the parent type's requirement and `declared`. */
  effective: ScopeRequirement | null;
  sensitive: SensitiveSpec | null;
  /** Counts under disclosure control (`@disclosureControl`): exact only for callers with exact counts. */
  disclosure: boolean;
  /** Readable without credentials (`@public` on the field or its type). */
  public: boolean;
}

export function typeRequirement(schema: GraphQLSchema, type: GraphQLNamedType): ScopeRequirement | null {
  return isObjectType(type) || isInterfaceType(type) ? requiredScopes(schema, type) : null;
}

export function fieldAccess(
  schema: GraphQLSchema,
  parent: GraphQLObjectType | GraphQLInterfaceType,
  field: GraphQLField<unknown, unknown>,
): FieldAccess {
  const declared = both(requiredScopes(schema, field), typeRequirement(schema, getNamedType(field.type)));
  const parentRequirement = typeRequirement(schema, parent);
  return {
    coordinate: `${parent.name}.${field.name}`,
    declared,
    needed: implies(parentRequirement, declared) ? null : declared,
    effective: both(parentRequirement, declared),
    sensitive: sensitiveSpec(schema, field),
    disclosure: isDisclosureControlled(schema, field),
    public: isPublic(schema, field) || isPublic(schema, parent),
  };
}

/** Every object field of the schema (introspection types excluded), with its access. */
export function allFieldAccess(schema: GraphQLSchema): FieldAccess[] {
  const out: FieldAccess[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) out.push(fieldAccess(schema, type, field));
  }
  return out.sort((a, b) => a.coordinate.localeCompare(b.coordinate));
}
