import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../contract/caller.js';
import { callerFromApiKey, parseApiKey } from './api-keys.js';
import { CredentialError } from './credential-error.js';
import { createJwtVerifier, type JwtConfig } from './jwt.js';
import type { VerifiedKeyCache } from './verified-key-cache.js';

/**
 * The outcome of reading the Authorization header. `anonymous` (nothing sent) and `invalid`
 * (something sent that does not hold) stay apart: only the former may see public fields.
 */
export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'caller'; caller: Caller }
  | { kind: 'invalid'; message: string };

export type Authenticator = (authorizationHeader: string | undefined) => Promise<Authentication>;

const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Builds the per-request authenticator. A bearer token with two dots is a JWT (a person),
 * anything else an API key (a partner system). Messages never contain the credential.
 * @param opts.em the root EntityManager; each API-key look-up runs on its own fork.
 * @param opts.jwt JWT settings, or null when people cannot sign in on this server.
 * @param opts.keyCache remembers verified API keys for a short time (the server passes one; a
 *   revoked key then keeps working until its entry expires). Without it every request asks the database.
 * @throws Error at once when the JWT key material is unusable.
 */
export function createAuthenticator(opts: { em: EntityManager; jwt: JwtConfig | null; keyCache?: VerifiedKeyCache }): Authenticator {
  const verifyJwt = opts.jwt ? createJwtVerifier(opts.jwt) : null;

  return async (authorizationHeader) => {
    if (authorizationHeader === undefined || authorizationHeader.trim() === '') return { kind: 'anonymous' };
    const token = BEARER.exec(authorizationHeader.trim())?.[1];
    if (!token) return invalid('Authorization header must be "Bearer <API key or JWT>"');

    if (token.split('.').length === 3) {
      if (!verifyJwt) return invalid('JWT authentication is not configured on this server; partner systems use an API key');
      try {
        return { kind: 'caller', caller: await verifyJwt(token) };
      } catch (err) {
        if (err instanceof CredentialError) return invalid(`Invalid JWT: ${err.message}`);
        throw err;
      }
    }

    if (!parseApiKey(token)) return invalid('Invalid API key: not shaped like a CareGraph key (cg_<prefix>_<secret>)');
    const remembered = opts.keyCache?.get(token);
    if (remembered) return { kind: 'caller', caller: remembered };
    try {
      const caller = await callerFromApiKey(opts.em.fork(), token);
      if (!caller) return invalid('Invalid API key: unknown or revoked');
      opts.keyCache?.set(token, caller);
      return { kind: 'caller', caller };
    } catch (err) {
      if (err instanceof CredentialError) return invalid(`Invalid API key: ${err.message}`);
      throw err;
    }
  };
}

function invalid(message: string): Authentication {
  return { kind: 'invalid', message };
}
