import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { CredentialError } from '../../src/auth/credential-error.js';
import { grantsFor } from '../../src/auth/grants.js';
import { createJwtVerifier, jwtConfigFromEnv, type JwtConfig } from '../../src/auth/jwt.js';

const ISSUER = 'https://sso.wuzhi.example';
const AUDIENCE = 'caregraph';
const SECRET = 'a-shared-secret-of-at-least-32-characters!';
const hs256: JwtConfig = { issuer: ISSUER, audience: AUDIENCE, key: { kind: 'secret', secret: SECRET } };
const now = () => Math.floor(Date.now() / 1000);

interface SignOptions {
  claims?: JWTPayload;
  issuer?: string;
  audience?: string;
  expiresAt?: number;
  notBefore?: number;
  secret?: string;
}

/** A token as the identity provider would issue it; every part can be spoiled on purpose. */
function signHs256(opts: SignOptions = {}): Promise<string> {
  const jwt = new SignJWT({ name: '王芳', roles: ['leading-group-office'], ...opts.claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(opts.issuer ?? ISSUER)
    .setAudience(opts.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.expiresAt ?? now() + 600);
  if (!opts.claims || !('sub' in opts.claims)) jwt.setSubject('u1001');
  if (opts.notBefore !== undefined) jwt.setNotBefore(opts.notBefore);
  return jwt.sign(new TextEncoder().encode(opts.secret ?? SECRET));
}

/** Expects verification to fail with the given reason and a message matching `message`. */
async function expectRefusal(config: JwtConfig, token: string, reason: string, message: RegExp | string) {
  const failure = await createJwtVerifier(config)(token).then(
    () => null,
    (err: unknown) => err,
  );
  expect(failure).toBeInstanceOf(CredentialError);
  expect((failure as CredentialError).reason).toBe(reason);
  expect((failure as CredentialError).message).toMatch(message);
  expect((failure as CredentialError).message).not.toContain(token);
}

describe('JWT verification', () => {
  it('turns a valid HS256 token into a person caller with the policy grants', async () => {
    const caller = await createJwtVerifier(hs256)(await signHs256({ claims: { region: '410823' } }));
    const grants = grantsFor(['leading-group-office']);
    expect(caller).toEqual({
      id: 'person:u1001',
      name: '王芳',
      kind: 'person',
      roles: ['leading-group-office'],
      scopes: grants.scopes,
      purposes: grants.purposes,
      limits: grants.limits,
      regionPrefix: '410823',
    });
  });

  it('accepts an ES256 token against a PEM public key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const config: JwtConfig = { issuer: ISSUER, audience: AUDIENCE, key: { kind: 'public-key', pem: await exportSPKI(publicKey) } };
    const token = await new SignJWT({ roles: ['township-official'], region: '410823101' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('li.si')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);
    const caller = await createJwtVerifier(config)(token);
    expect(caller).toMatchObject({ id: 'person:li.si', name: 'li.si', kind: 'person', roles: ['township-official'], regionPrefix: '410823101' });
    expect(caller.scopes.has('warnings:manage')).toBe(true);

    // A shared-secret token must not pass against a public key (algorithm confusion).
    await expectRefusal(config, await signHs256(), 'algorithm-not-allowed', 'token algorithm "HS256" is not accepted (expected ES256)');
  });

  it('accepts an RS256 token against a local JWKS file', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-jwks-'));
    const file = path.join(dir, 'jwks.json');
    fs.writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }));
    try {
      const config = jwtConfigFromEnv({ CAREGRAPH_JWT_ISSUER: ISSUER, CAREGRAPH_JWT_AUDIENCE: AUDIENCE, CAREGRAPH_JWT_JWKS_FILE: file })!;
      const sign = (kid: string) =>
        new SignJWT({ roles: ['auditor'] }).setProtectedHeader({ alg: 'RS256', kid }).setSubject('audit-1').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(privateKey);
      expect(await createJwtVerifier(config)(await sign('k1'))).toMatchObject({ id: 'person:audit-1', roles: ['auditor'] });
      await expectRefusal(config, await sign('k2'), 'unknown-key', 'no configured key matches the token');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an expired token, telling when it expired', async () => {
    const exp = now() - 3600;
    await expectRefusal(hs256, await signHs256({ expiresAt: exp }), 'expired', `token expired at ${new Date(exp * 1000).toISOString()}`);
  });

  it('tolerates a little clock skew but not a token from the future', async () => {
    await expect(createJwtVerifier(hs256)(await signHs256({ expiresAt: now() - 5 }))).resolves.toMatchObject({ kind: 'person' });
    await expectRefusal(hs256, await signHs256({ notBefore: now() + 3600 }), 'not-yet-valid', /^token is not valid before /);
  });

  it('refuses a token from another issuer or for another audience', async () => {
    await expectRefusal(hs256, await signHs256({ issuer: 'https://evil.example' }), 'wrong-issuer', `token issuer is not "${ISSUER}"`);
    await expectRefusal(hs256, await signHs256({ audience: 'another-app' }), 'wrong-audience', `token audience is not "${AUDIENCE}"`);
  });

  it('refuses a bad signature', async () => {
    await expectRefusal(hs256, await signHs256({ secret: 'another-secret-that-is-also-32-characters' }), 'bad-signature', 'token signature does not verify');
    const token = await signHs256();
    await expectRefusal(hs256, `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`, 'bad-signature', 'token signature does not verify');
  });

  it('refuses unknown roles, missing roles and a township official without a township', async () => {
    await expectRefusal(hs256, await signHs256({ claims: { roles: ['leading-group-office', 'root'] } }), 'unknown-role', 'token role "root" is not defined by the policy');
    await expectRefusal(hs256, await signHs256({ claims: { roles: undefined } }), 'missing-claim', 'token lacks the required "roles" claim');
    await expectRefusal(hs256, await signHs256({ claims: { roles: 'admin' } }), 'invalid-claim', '"roles" claim must be a non-empty array');
    await expectRefusal(hs256, await signHs256({ claims: { roles: [] } }), 'invalid-claim', '"roles" claim must be a non-empty array');
    await expectRefusal(hs256, await signHs256({ claims: { roles: ['township-official'] } }), 'region', 'token role "township-official" needs a region of at least 9 digits');
    await expectRefusal(hs256, await signHs256({ claims: { roles: ['township-official'], region: 410823101 } }), 'invalid-claim', '"region" claim must be a string');
  });

  it('requires a subject and an expiry', async () => {
    await expectRefusal(hs256, await signHs256({ claims: { sub: undefined } }), 'missing-claim', 'token lacks the required "sub" claim');
    const noExp = await new SignJWT({ roles: ['auditor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer(ISSUER).setAudience(AUDIENCE).sign(new TextEncoder().encode(SECRET));
    await expectRefusal(hs256, noExp, 'missing-claim', 'token lacks the required "exp" claim');
  });

  it('refuses garbage shaped like a JWT', async () => {
    await expectRefusal(hs256, 'abc.def.ghi', 'malformed', /^token is not a valid JWT: /);
  });
});

describe('JWT configuration from the environment', () => {
  it('is null when nothing is configured', () => {
    expect(jwtConfigFromEnv({})).toBeNull();
    expect(jwtConfigFromEnv({ CAREGRAPH_JWT_SECRET: '  ' })).toBeNull();
  });

  it('reads issuer, audience and one key source', () => {
    expect(jwtConfigFromEnv({ CAREGRAPH_JWT_ISSUER: ISSUER, CAREGRAPH_JWT_AUDIENCE: AUDIENCE, CAREGRAPH_JWT_SECRET: SECRET })).toEqual(hs256);
    const pem = '-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----';
    expect(jwtConfigFromEnv({ CAREGRAPH_JWT_ISSUER: ISSUER, CAREGRAPH_JWT_AUDIENCE: AUDIENCE, CAREGRAPH_JWT_PUBLIC_KEY: pem })?.key).toEqual({
      kind: 'public-key',
      pem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
    });
  });

  it('refuses a half-done configuration', () => {
    expect(() => jwtConfigFromEnv({ CAREGRAPH_JWT_SECRET: SECRET })).toThrow('CAREGRAPH_JWT_ISSUER and CAREGRAPH_JWT_AUDIENCE must both be set');
    expect(() => jwtConfigFromEnv({ CAREGRAPH_JWT_ISSUER: ISSUER, CAREGRAPH_JWT_AUDIENCE: AUDIENCE })).toThrow('set exactly one of');
    expect(() => jwtConfigFromEnv({ CAREGRAPH_JWT_ISSUER: ISSUER, CAREGRAPH_JWT_AUDIENCE: AUDIENCE, CAREGRAPH_JWT_SECRET: SECRET, CAREGRAPH_JWT_JWKS_FILE: '/x' })).toThrow('set exactly one of');
    expect(() => jwtConfigFromEnv({ CAREGRAPH_JWT_ISSUER: ISSUER, CAREGRAPH_JWT_AUDIENCE: AUDIENCE, CAREGRAPH_JWT_JWKS_FILE: '/nonexistent/jwks.json' })).toThrow('cannot read the JWKS file');
  });

  it('refuses unusable key material when the verifier is built', () => {
    expect(() => createJwtVerifier({ ...hs256, key: { kind: 'secret', secret: 'short' } })).toThrow('at least 32 characters');
    expect(() => createJwtVerifier({ ...hs256, key: { kind: 'public-key', pem: 'not a pem' } })).toThrow('PEM SPKI');
  });
});
