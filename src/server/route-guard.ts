import type { FastifyReply, FastifyRequest } from 'fastify';
import { isObjectType, type GraphQLSchema } from 'graphql';
import type { Caller } from '../contract/caller.js';
import type { Authenticator } from '../auth/authenticate.js';
import { fieldAccess } from '../auth/access-plan.js';
import { satisfies, type ScopeRequirement } from '../auth/scopes.js';
import { requestCredentials } from './request-credentials.js';

/**
 * What a REST route beside GraphQL requires, and what the refusal says it was for (`run
 * reports`). Name the SDL field the route does the work of (`Query.report`), so the route and
 * GraphQL can never disagree about who may do it; declare scopes only for work no field does.
 */
export type RouteRequirement = { action: string } & ({ field: string } | { scopes: ScopeRequirement });

/** An admitted request: who asks, the purpose they declared, and the id the audit trail uses. */
export interface AdmittedRequest {
  caller: Caller;
  purpose: string | null;
  requestId: string;
}

/** A coded refusal a route sends as `{ errors: [{ message, extensions: { code } }] }`. */
export class RouteRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  UNAUTHORIZED_FIELD_OR_TYPE: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  FILE_TOO_LARGE: 413,
};

/** Sends a coded error in the GraphQL error shape; `fallbackStatus` for codes without their own. */
export function sendRouteError(reply: FastifyReply, code: string, message: string, fallbackStatus = 500): FastifyReply {
  return reply.code(STATUS[code] ?? fallbackStatus).send({ errors: [{ message, extensions: { code } }] });
}

/** The scopes of `Type.field` as the access transform reads them (the field's and its parent type's); undefined when there is no such field. */
function fieldRequirement(schema: GraphQLSchema, coordinate: string): ScopeRequirement | null | undefined {
  const [typeName, fieldName] = coordinate.split('.');
  const type = schema.getType(typeName ?? '');
  const field = isObjectType(type) ? type.getFields()[fieldName ?? ''] : undefined;
  return type && field && isObjectType(type) ? fieldAccess(schema, type, field).effective : undefined;
}

export type RouteGuard = (request: FastifyRequest, reply: FastifyReply, requirement: RouteRequirement | (() => RouteRequirement)) => Promise<AdmittedRequest | null>;

/**
 * The one admission of the REST routes (report export, file import, and their relays in the core
 * subgraph): authenticate the `Authorization` header, read the purpose as GraphQL does, check the
 * requirement, or send the coded refusal and answer null. A requirement given as a function is
 * worked out after authentication (the import route finds the intake kind from its URL), and may
 * throw a {@link RouteRefusal} (NOT_FOUND) so that nobody learns what exists before proving who
 * they are.
 */
export function createRouteGuard(opts: { schema: GraphQLSchema; authenticate: Authenticator }): RouteGuard {
  return async (request, reply, requirement) => {
    const { authorization, purpose } = requestCredentials(request.headers);
    const auth = await opts.authenticate(authorization);
    if (auth.kind !== 'caller') {
      sendRouteError(reply, 'UNAUTHENTICATED', auth.kind === 'invalid' ? auth.message : 'Authentication required');
      return null;
    }
    let required: RouteRequirement;
    try {
      required = typeof requirement === 'function' ? requirement() : requirement;
    } catch (err) {
      if (!(err instanceof RouteRefusal)) throw err;
      sendRouteError(reply, err.code, err.message);
      return null;
    }
    const scopes = 'field' in required ? fieldRequirement(opts.schema, required.field) : required.scopes;
    // Deny by default: a route naming a field the schema lacks admits nobody.
    if (scopes === undefined || !satisfies(auth.caller.scopes, scopes)) {
      sendRouteError(reply, 'UNAUTHORIZED_FIELD_OR_TYPE', `Not authorized to ${required.action}`);
      return null;
    }
    return { caller: auth.caller, purpose, requestId: String(request.id) };
  };
}
