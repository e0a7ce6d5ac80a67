import fs from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { Caller } from '../contract/caller.js';
import { CredentialError } from './credential-error.js';
import { grantsFor, regionProblem, roleDefinition, UnknownRoleError } from './grants.js';

/** Where the keys that sign people's tokens come from. Only local material: the network is offline. */
export type JwtKeySource =
  | { kind: 'secret'; secret: string }
  | { kind: 'public-key'; pem: string }
  | { kind: 'jwks'; jwks: JSONWebKeySet };

export interface JwtConfig {
  issuer: string;
  audience: string;
  key: JwtKeySource;
  /** Clock skew tolerated on `exp` and `nbf`, in seconds (default 30). */
  clockToleranceSeconds?: number;
}

/** Algorithms a JWKS may use; pinned so a token cannot pick a weaker one (or `none`). */
const JWKS_ALGORITHMS = ['RS256', 'ES256'];
/** HS256 with a short secret is brute-forceable offline from any one token. */
const MIN_SECRET_LENGTH = 32;

/**
 * Reads `CAREGRAPH_JWT_ISSUER`, `CAREGRAPH_JWT_AUDIENCE` and exactly one key source:
 * `CAREGRAPH_JWT_SECRET` (HS256), `CAREGRAPH_JWT_PUBLIC_KEY` (PEM SPKI, RS256 or ES256; `\n`
 * escapes allowed) or `CAREGRAPH_JWT_JWKS_FILE` (path to a local JWKS JSON file).
 * @returns null when none of these is set: people cannot sign in, API keys still work.
 * @throws Error on a half-done configuration, so the hub refuses to start rather than reject everyone.
 */
export function jwtConfigFromEnv(env: NodeJS.ProcessEnv = process.env): JwtConfig | null {
  const get = (name: string) => env[name]?.trim() || undefined;
  const issuer = get('CAREGRAPH_JWT_ISSUER');
  const audience = get('CAREGRAPH_JWT_AUDIENCE');
  const secret = get('CAREGRAPH_JWT_SECRET');
  const pem = get('CAREGRAPH_JWT_PUBLIC_KEY');
  const jwksFile = get('CAREGRAPH_JWT_JWKS_FILE');
  const sources = [secret, pem, jwksFile].filter((v) => v !== undefined).length;
  if (!issuer && !audience && sources === 0) return null;

  if (!issuer || !audience) throw new Error('JWT configuration: CAREGRAPH_JWT_ISSUER and CAREGRAPH_JWT_AUDIENCE must both be set');
  if (sources !== 1) {
    throw new Error('JWT configuration: set exactly one of CAREGRAPH_JWT_SECRET, CAREGRAPH_JWT_PUBLIC_KEY or CAREGRAPH_JWT_JWKS_FILE');
  }
  if (secret !== undefined) return { issuer, audience, key: { kind: 'secret', secret } };
  if (pem !== undefined) return { issuer, audience, key: { kind: 'public-key', pem: pem.replace(/\\n/g, '\n') } };
  return { issuer, audience, key: { kind: 'jwks', jwks: readJwksFile(jwksFile!) } };
}

function readJwksFile(file: string): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`JWT configuration: cannot read the JWKS file ${file}: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as JSONWebKeySet).keys)) {
    throw new Error(`JWT configuration: ${file} is not a JWKS (an object with a "keys" array)`);
  }
  return parsed as JSONWebKeySet;
}

type VerificationKey = Uint8Array | KeyObject | ReturnType<typeof createLocalJWKSet>;

/** Turns the configured source into a jose key and the algorithms it may verify. */
function resolveKey(source: JwtKeySource): { key: VerificationKey; algorithms: string[] } {
  switch (source.kind) {
    case 'secret':
      if (source.secret.length < MIN_SECRET_LENGTH) throw new Error(`JWT configuration: the HS256 secret must have at least ${MIN_SECRET_LENGTH} characters`);
      return { key: new TextEncoder().encode(source.secret), algorithms: ['HS256'] };
    case 'public-key': {
      if (!source.pem.includes('-----BEGIN PUBLIC KEY-----')) throw new Error('JWT configuration: the public key must be PEM SPKI ("-----BEGIN PUBLIC KEY-----")');
      const key = createPublicKey(source.pem);
      if (key.asymmetricKeyType === 'rsa') return { key, algorithms: ['RS256'] };
      if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return { key, algorithms: ['ES256'] };
      throw new Error('JWT configuration: the public key must be RSA (RS256) or EC P-256 (ES256)');
    }
    case 'jwks':
      return { key: createLocalJWKSet(source.jwks), algorithms: JWKS_ALGORITHMS };
  }
}

/**
 * Builds the verifier of people's tokens: signature, `iss`, `aud`, `exp` (required) and `nbf`,
 * then the claims `sub` (required), `roles` (required, known roles), `name` and `region`.
 * @throws Error at once when the key material is unusable.
 * @returns a function resolving to the person's Caller, or rejecting with a CredentialError.
 */
export function createJwtVerifier(config: JwtConfig): (token: string) => Promise<Caller> {
  const { key, algorithms } = resolveKey(config.key);
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms,
    clockTolerance: config.clockToleranceSeconds ?? 30,
    requiredClaims: ['sub', 'exp'],
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = (await jwtVerify(token, key, options)).payload;
    } catch (err) {
      throw toCredentialError(err, token, config, algorithms);
    }
    return callerFromClaims(payload);
  };
}

/** Maps jose's failures to messages a client can act on; anything else is a server bug and propagates. */
function toCredentialError(err: unknown, token: string, config: JwtConfig, algorithms: string[]): unknown {
  if (!(err instanceof errors.JOSEError)) return err;
  if (err instanceof errors.JWTExpired) return new CredentialError('expired', `token expired${at(err.payload.exp)}`);
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return new CredentialError('missing-claim', `token lacks the required "${err.claim}" claim`);
    if (err.claim === 'iss') return new CredentialError('wrong-issuer', `token issuer is not "${config.issuer}"`);
    if (err.claim === 'aud') return new CredentialError('wrong-audience', `token audience is not "${config.audience}"`);
    if (err.claim === 'nbf') return new CredentialError('not-yet-valid', `token is not valid before${at(err.payload.nbf)}`);
    return new CredentialError('invalid-claim', `token claim "${err.claim}" is invalid: ${err.message}`);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return new CredentialError('bad-signature', 'token signature does not verify');
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return new CredentialError('algorithm-not-allowed', `token algorithm "${headerAlg(token)}" is not accepted (expected ${algorithms.join(' or ')})`);
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return new CredentialError('unknown-key', 'no configured key matches the token (check its "kid" and "alg")');
  }
  return new CredentialError('malformed', `token is not a valid JWT: ${err.message}`);
}

function at(seconds: unknown): string {
  return typeof seconds === 'number' ? ` at ${new Date(seconds * 1000).toISOString()}` : '';
}

function headerAlg(token: string): string {
  try {
    return String(decodeProtectedHeader(token).alg);
  } catch {
    return '?';
  }
}

/** The verified claims as a Caller; the policy decides what the roles grant. */
function callerFromClaims(payload: JWTPayload): Caller {
  const { sub } = payload;
  if (typeof sub !== 'string' || !sub) throw new CredentialError('invalid-claim', 'token "sub" claim must be a non-empty string');
  const name = payload.name === undefined || payload.name === '' ? sub : payload.name;
  if (typeof name !== 'string') throw new CredentialError('invalid-claim', 'token "name" claim must be a string');
  const roles = payload.roles;
  if (roles === undefined) throw new CredentialError('missing-claim', 'token lacks the required "roles" claim');
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r): r is string => typeof r === 'string')) {
    throw new CredentialError('invalid-claim', 'token "roles" claim must be a non-empty array of role names');
  }
  for (const role of roles) {
    try {
      roleDefinition(role);
    } catch (err) {
      if (err instanceof UnknownRoleError) throw new CredentialError('unknown-role', `token role "${role}" is not defined by the policy`);
      throw err;
    }
  }
  const region = payload.region ?? null;
  if (region !== null && typeof region !== 'string') throw new CredentialError('invalid-claim', 'token "region" claim must be a string');
  const problem = regionProblem(roles, region);
  if (problem) throw new CredentialError('region', `token ${problem}`);

  const grants = grantsFor(roles);
  return {
    id: `person:${sub}`,
    name,
    kind: 'person',
    roles: [...roles],
    scopes: grants.scopes,
    purposes: grants.purposes,
    limits: grants.limits,
    regionPrefix: region,
  };
}
