import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from '../contract/caller.js';
import { anonymousCaller } from '../auth/caller.js';
import { unauthenticated } from '../auth/access-errors.js';
import type { Authenticator } from '../auth/authenticate.js';
import { headerValue } from '../server/header-value.js';
import { requestCredentials } from '../server/request-credentials.js';
import { INTERNAL_HEADER, InvalidGatewayToken, verifyClaims } from './internal-token.js';

/**
 * Whom a subgraph believes about the caller:
 * - `signed` (default, Hive Gateway as `createGatewayApp` runs it): only the gateway's HMAC-signed
 *   statement (`x-caregraph-gateway`), which names the caller the gateway authenticated;
 * - `forwarded` (any standard Federation 2 router: Apollo Router, Hive Router, Grafbase Gateway,
 *   Cosmo Router): the router forwards the client's `Authorization`, `X-Purpose` and a request id,
 *   and the subgraph authenticates the caller itself with the monolith's authenticator.
 */
export type SubgraphTrust = 'signed' | 'forwarded';

export const SUBGRAPH_TRUST_MODES: readonly SubgraphTrust[] = ['signed', 'forwarded'];

/** `CAREGRAPH_SUBGRAPH_TRUST`: `signed` unless set; anything else is a start-up error, never a silent default. */
export function subgraphTrustFromEnv(env: NodeJS.ProcessEnv = process.env): SubgraphTrust {
  const raw = env.CAREGRAPH_SUBGRAPH_TRUST?.trim();
  if (!raw) return 'signed';
  if ((SUBGRAPH_TRUST_MODES as readonly string[]).includes(raw)) return raw as SubgraphTrust;
  throw new Error(`CAREGRAPH_SUBGRAPH_TRUST must be one of ${SUBGRAPH_TRUST_MODES.join(', ')}, got "${raw}"`);
}

/** Who asks, for what purpose, under which client request (audit rows are grouped by it). */
export interface SubgraphIdentity {
  caller: Caller;
  purpose: string | null;
  requestId: string;
  /** The client's operation name (null: it had none) when the trust mode carries it; undefined: the sub-request's own is audited. */
  operationName: string | null | undefined;
  /** True when the operation was already held to the caller's query limits upstream (signed mode). */
  limitsChecked: boolean;
}

/** Resolves a subgraph request's identity from its headers, or throws a coded 401 (UNAUTHENTICATED). */
export type IdentifySubgraphRequest = (headers: IncomingHttpHeaders) => Promise<SubgraphIdentity>;

/** Header a router forwards (or sets) naming the client request; audit rows of one request share it. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A request id is stored in the audit trail (64 characters) and named in logs: a forwarded one
 * that is not a plain token is not used (the subgraph makes its own: the fetch is then audited
 * on its own, never less).
 */
const USABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** W3C trace context: `version-traceid-parentid-flags`; the trace id names the client request across hops. */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The client request's id as a router forwards it: `x-request-id` when usable, else the trace id
 * of a W3C `traceparent` (every router propagates it when tracing is on), else a fresh one.
 */
export function forwardedRequestId(headers: IncomingHttpHeaders): string {
  const given = headerValue(headers[REQUEST_ID_HEADER]);
  if (given && USABLE_REQUEST_ID.test(given)) return given;
  const trace = TRACEPARENT.exec(headerValue(headers.traceparent) ?? '')?.[1];
  if (trace && !/^0+$/.test(trace)) return `trace:${trace}`;
  return randomUUID();
}

/** Signed mode: the gateway's statement, addressed to this subgraph and unexpired, or 401. */
export function signedIdentity(opts: { secret: string; subgraph: string }): IdentifySubgraphRequest {
  return async (headers) => {
    const token = headerValue(headers[INTERNAL_HEADER]);
    if (!token) throw unauthenticated(`Subgraph "${opts.subgraph}" answers the CareGraph gateway only: no ${INTERNAL_HEADER} header`);
    try {
      const claims = verifyClaims(opts.secret, token, opts.subgraph);
      return { caller: claims.caller, purpose: claims.purpose, requestId: claims.requestId, operationName: claims.operationName, limitsChecked: true };
    } catch (err) {
      if (err instanceof InvalidGatewayToken) throw unauthenticated(`Subgraph "${opts.subgraph}" refused the request: ${err.message}`);
      throw err;
    }
  };
}

/**
 * Forwarded mode: the client's own credential, verified here exactly as the monolith verifies it
 * (API keys against `core.caller` through the short-lived key cache, JWTs with the same settings).
 * An invalid credential is 401; no credential is the anonymous caller, who — as at the monolith —
 * reaches `@public` fields only (the access plugin refuses anything else with 401 before it runs).
 * The gateway's signed header means nothing here: a forwarded-mode subgraph has no secret.
 */
export function forwardedIdentity(opts: { authenticate: Authenticator; subgraph: string }): IdentifySubgraphRequest {
  return async (headers) => {
    const { authorization, purpose } = requestCredentials(headers);
    const auth = await opts.authenticate(authorization);
    if (auth.kind === 'invalid') throw unauthenticated(auth.message);
    return {
      caller: auth.kind === 'caller' ? auth.caller : anonymousCaller,
      purpose,
      requestId: forwardedRequestId(headers),
      operationName: undefined,
      limitsChecked: false,
    };
  };
}
