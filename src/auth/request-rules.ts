import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import type { Caller } from '../contract/caller.js';
import { unauthenticated } from './access-errors.js';
import { createPublicOperationCheck } from './public-operation.js';
import { createLimitCheck } from './query-limits.js';
import { tooDeepVariable } from './variable-depth.js';

export interface OperationRequest {
  source: string;
  document: DocumentNode;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | undefined;
}

/**
 * The request-level rules, checked once per operation before it runs — by the monolith's access
 * plugin and by the federation gateway alike: anonymous callers reach `@public` fields only,
 * variables nest at most {@link tooDeepVariable}'s limit, and the caller's query limits hold.
 * @param opts.relayed a federation subgraph's request: only the credentials rule applies.
 * @returns the refusal to answer with (HTTP status set), or null.
 */
export function createRequestRules(schema: GraphQLSchema): (caller: Caller, request: OperationRequest, opts?: { relayed?: boolean }) => GraphQLError | null {
  const onlyPublic = createPublicOperationCheck(schema);
  const checkLimits = createLimitCheck(schema);
  return (caller, request, opts = {}) => {
    if (caller.kind === 'anonymous' && !onlyPublic(request.document)) {
      return unauthenticated('Authentication required: send "Authorization: Bearer <API key or JWT>"');
    }
    // A subgraph's request comes from the gateway, which held the client's whole operation to
    // these rules; its variables are the gateway's own (entity representations).
    if (opts.relayed) return null;
    const tooDeep = tooDeepVariable(request.variables);
    if (tooDeep) return tooDeep;
    const tooComplex = checkLimits(request, caller.limits);
    if (tooComplex) tooComplex.extensions.http = { status: 400 };
    return tooComplex;
  };
}
