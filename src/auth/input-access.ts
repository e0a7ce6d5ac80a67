import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { requiredScopes } from './directives.js';
import { satisfies } from './scopes.js';
import { unauthorizedFilter } from './access-errors.js';

export type InputCheck = (args: Record<string, unknown>, scopes: ReadonlySet<string>) => void;

/** Whether any input field reachable from `type` carries `@requiresScopes` (cycle-safe). */
function hasProtectedField(schema: GraphQLSchema, type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => {
    const inner = getNamedType(f.type);
    const guardedEnum = isEnumType(inner) && inner.getValues().some((v) => requiredScopes(schema, v) != null);
    return requiredScopes(schema, f) != null || guardedEnum || hasProtectedField(schema, f.type, seen);
  });
}

function checkValue(schema: GraphQLSchema, type: GraphQLInputType, value: unknown, path: string, scopes: ReadonlySet<string>): void {
  if (value == null) return;
  if (isNonNullType(type)) return checkValue(schema, type.ofType, value, path, scopes);
  if (isListType(type)) {
    (value as unknown[]).forEach((item, i) => checkValue(schema, type.ofType, item, `${path}[${i}]`, scopes));
    return;
  }
  if (isEnumType(type)) {
    const enumValue = type.getValues().find((v) => v.value === value);
    const needed = enumValue ? requiredScopes(schema, enumValue) : null;
    if (needed && !satisfies(scopes, needed)) throw unauthorizedFilter(`${path}=${String(value)}`, needed);
    return;
  }
  if (!isInputObjectType(type)) return;
  const fields = type.getFields();
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const field = fields[key];
    if (!field || inner == null) continue;
    const needed = requiredScopes(schema, field);
    if (needed && !satisfies(scopes, needed)) throw unauthorizedFilter(`${path}.${key}`, needed);
    checkValue(schema, field.type, inner, `${path}.${key}`, scopes);
  }
}

/**
 * Builds the argument check for a field, or null when none of its arguments can carry a
 * protected input field. You cannot filter by what you cannot read: otherwise counts and
 * matches would reveal the hidden value.
 */
export function inputCheckFor(schema: GraphQLSchema, args: readonly GraphQLArgument[]): InputCheck | null {
  const guarded = args.filter((a) => hasProtectedField(schema, a.type));
  if (guarded.length === 0) return null;
  return (values, scopes) => {
    for (const arg of guarded) checkValue(schema, arg.type, values[arg.name], arg.name, scopes);
  };
}

/**
 * Checks a stored input value (e.g. a saved report's definition) against the caller now running
 * it, with the same rules as live arguments: a definition saved by one role cannot smuggle a
 * forbidden filter or dimension to another.
 */
export function assertInputAllowed(schema: GraphQLSchema, typeName: string, value: unknown, scopes: ReadonlySet<string>, path: string): void {
  const type = schema.getType(typeName);
  if (!type || !isInputObjectType(type)) throw new Error(`${typeName} is not an input type`);
  checkValue(schema, type, value, path, scopes);
}
