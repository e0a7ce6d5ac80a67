import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Caller } from '../contract/caller.js';
import type { Purpose, QueryLimits } from '../contract/caller.js';

/** Header carrying the gateway's signed statement of who is asking, on every subgraph request. */
export const INTERNAL_HEADER = 'x-caregraph-gateway';

/** How long a signed statement holds: a captured header is useless to a replayer after this. */
export const TOKEN_TTL_SECONDS = 30;

/**
 * What the gateway vouches for: the caller it authenticated (with the scopes, purposes, region
 * and limits the policy gave it), the declared purpose, the client's request id and operation
 * name (so the audit trail reads as if the monolith answered), the subgraph it is meant for and
 * an expiry.
 */
export interface GatewayClaims {
  caller: Caller;
  purpose: string | null;
  requestId: string;
  operationName: string | null;
  /** Subgraph name the statement is addressed to; another subgraph refuses it. */
  audience: string;
  /** Expiry, seconds since the epoch. */
  expires: number;
}

interface WireClaims {
  c: { id: string; name: string; kind: Caller['kind']; roles: string[]; scopes: string[]; purposes: string[]; region: string | null; limits: QueryLimits };
  p: string | null;
  r: string;
  o: string | null;
  aud: string;
  exp: number;
}

/** The shared secret from `CAREGRAPH_FEDERATION_SECRET`; refuses a short one. */
export function federationSecretFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const secret = env.CAREGRAPH_FEDERATION_SECRET ?? '';
  if (secret.length < 32) throw new Error('CAREGRAPH_FEDERATION_SECRET must be set to a shared secret of at least 32 characters (gateway and every subgraph)');
  return secret;
}

const mac = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/** `<payload>.<HMAC-SHA256 of payload>`, both base64url. */
export function signClaims(secret: string, claims: GatewayClaims): string {
  const { caller } = claims;
  const wire: WireClaims = {
    c: { id: caller.id, name: caller.name, kind: caller.kind, roles: caller.roles, scopes: [...caller.scopes], purposes: [...caller.purposes], region: caller.regionPrefix, limits: caller.limits },
    p: claims.purpose,
    r: claims.requestId,
    o: claims.operationName,
    aud: claims.audience,
    exp: claims.expires,
  };
  const payload = Buffer.from(JSON.stringify(wire)).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

export class InvalidGatewayToken extends Error {}

/**
 * Checks signature, audience and expiry, and rebuilds the caller.
 * @throws InvalidGatewayToken saying which check failed (never echoing the token).
 */
export function verifyClaims(secret: string, token: string, audience: string, nowSeconds = Math.floor(Date.now() / 1000)): GatewayClaims {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw new InvalidGatewayToken('malformed gateway token');
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidGatewayToken('gateway token signature does not match');
  const wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as WireClaims;
  if (wire.aud !== audience) throw new InvalidGatewayToken(`gateway token is for subgraph "${wire.aud}", not "${audience}"`);
  if (!(wire.exp > nowSeconds)) throw new InvalidGatewayToken('gateway token has expired');
  const caller: Caller = {
    id: wire.c.id,
    name: wire.c.name,
    kind: wire.c.kind,
    roles: wire.c.roles,
    scopes: new Set(wire.c.scopes),
    purposes: new Set(wire.c.purposes as Purpose[]),
    regionPrefix: wire.c.region,
    limits: wire.c.limits,
  };
  return { caller, purpose: wire.p, requestId: wire.r, operationName: wire.o, audience: wire.aud, expires: wire.exp };
}
