import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { GraphQLObjectType, defaultFieldResolver, isInterfaceType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { CareGraphContext } from '../contract/request-context.js';
import { fieldAccess, typeRequirement, type FieldAccess } from './access-plan.js';
import { inputCheckFor, type InputCheck } from './input-access.js';
import { mask } from './masking.js';
import { satisfies } from './scopes.js';
import { purposeRequired, unauthorizedField } from './access-errors.js';
import type { AuditEntry } from '../contract/audit-entry.js';
import { disclose } from '../disclosure/disclose.js';

/** Who a revealed value is about, for the audit trail. */
function auditSubject(typeName: string, parent: Record<string, unknown>): Omit<AuditEntry, 'field'> {
  if (typeName === 'Person') return { personId: String(parent.id), householdId: null };
  if (typeName === 'Household') return { personId: null, householdId: String(parent.id) };
  return {
    personId: parent.personId != null ? String(parent.personId) : null,
    householdId: parent.householdId != null ? String(parent.householdId) : null,
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function guard(resolve: GraphQLFieldResolver<any, CareGraphContext>, typeName: string, access: FieldAccess, inputCheck: InputCheck | null) {
  const { needed, sensitive, coordinate, disclosure } = access;
  const guarded: GraphQLFieldResolver<any, CareGraphContext> = (parent, args, ctx, info) => {
    const { scopes } = ctx.caller;
    if (needed && !satisfies(scopes, needed)) throw unauthorizedField(coordinate, needed);
    if (inputCheck) inputCheck(args, scopes);
    if (disclosure) {
      const value = resolve(parent, args, ctx, info);
      return isThenable(value) ? value.then((v) => disclose(v, ctx.caller, coordinate)) : disclose(value, ctx.caller, coordinate);
    }
    if (!sensitive) return resolve(parent, args, ctx, info);
    const reveal = satisfies(scopes, sensitive.unless);
    if (reveal && !(ctx.purpose != null && ctx.caller.purposes.has(ctx.purpose as never))) {
      throw purposeRequired(coordinate, ctx.caller.purposes, ctx.purpose);
    }
    const finish = (value: unknown) => {
      if (value == null) return value;
      if (!reveal) return mask(sensitive.mask, value);
      ctx.audit.push({ ...auditSubject(typeName, parent), field: coordinate });
      return value;
    };
    const value = resolve(parent, args, ctx, info);
    return isThenable(value) ? value.then(finish) : finish(value);
  };
  return guarded;
}

type ResolveReference = (reference: unknown, ctx: CareGraphContext, info: unknown) => unknown;

/**
 * A federation entity type's `__resolveReference` (where @apollo/subgraph keeps it): `_entities`
 * returns a union, so no field wrapper sees the entity type; its `@requiresScopes` is held here,
 * as it is for every field returning the type. Other types are returned unchanged.
 */
function guardEntityType(schema: GraphQLSchema, type: GraphQLObjectType): GraphQLObjectType {
  const apollo = (type.extensions as { apollo?: { subgraph?: { resolveReference?: ResolveReference } } }).apollo;
  const resolveReference = apollo?.subgraph?.resolveReference;
  const needed = resolveReference && typeRequirement(schema, type);
  if (!resolveReference || !needed) return type;
  const guarded: ResolveReference = (reference, ctx, info) => {
    if (!satisfies(ctx.caller.scopes, needed)) throw unauthorizedField(type.name, needed);
    return resolveReference(reference, ctx, info);
  };
  const config = type.toConfig();
  return new GraphQLObjectType({ ...config, extensions: { ...config.extensions, apollo: { ...apollo, subgraph: { ...apollo.subgraph, resolveReference: guarded } } } });
}

/**
 * The one place access is enforced. Reads `@requiresScopes`, `@sensitive` and the input-field
 * rules from the SDL once at boot and wraps exactly the resolvers that need a check; every
 * other field keeps its plain resolver, so enforcement costs nothing where nothing is guarded.
 */
export function enforceAccess(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_TYPE]: (type) => guardEntityType(schema, type),
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      const parent = schema.getType(typeName);
      if (!(isObjectType(parent) || isInterfaceType(parent))) return config;
      const field = parent.getFields()[fieldName]!;
      const access = fieldAccess(schema, parent, field);
      const inputCheck = inputCheckFor(schema, field.args);
      if (!access.needed && !access.sensitive && !access.disclosure && !inputCheck) return config;
      return { ...config, resolve: guard(config.resolve ?? defaultFieldResolver, typeName, access, inputCheck) };
    },
  });
}
