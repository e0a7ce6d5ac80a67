import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { callerFromApiKey, CallerInputError, createCaller, generateApiKey, hashSecret, parseApiKey } from '../../src/auth/api-keys.js';
import { grantsFor, UnknownRoleError } from '../../src/auth/grants.js';

const KEY_FORMAT = /^cg_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

/** An EntityManager stand-in that records what would be written and which SQL is run. */
function fakeEm(lookupRows: unknown[] = []) {
  const created: Record<string, unknown>[] = [];
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const em = {
    fork: () => em,
    findOne: async () => null,
    create: (_entity: unknown, data: Record<string, unknown>) => {
      const row = { id: String(created.length + 1), ...data };
      created.push(row);
      return row;
    },
    flush: async () => {},
    getConnection: () => ({
      execute: async (sql: string, params: unknown[]) => {
        statements.push({ sql, params });
        return lookupRows;
      },
    }),
  };
  return { em: em as unknown as EntityManager, created, statements };
}

describe('API key format', () => {
  it('is cg_<8 hex>_<43 base64url> with a 32-byte secret', () => {
    const { key, prefix, secret } = generateApiKey();
    expect(key).toMatch(KEY_FORMAT);
    expect(key).toBe(`cg_${prefix}_${secret}`);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
  });

  it('is different every time', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().key));
    expect(keys.size).toBe(200);
  });

  it('parses back into prefix and secret, even when the secret contains underscores', () => {
    const secret = 'a_b-'.repeat(10) + 'xyz';
    expect(parseApiKey(`cg_0123abcd_${secret}`)).toEqual({ prefix: '0123abcd', secret });
    const { key, prefix, secret: generated } = generateApiKey();
    expect(parseApiKey(key)).toEqual({ prefix, secret: generated });
  });

  it('rejects anything not shaped like a key', () => {
    const { key } = generateApiKey();
    for (const bad of ['', 'cg_', key.slice(0, -1), `${key}x`, key.replace('cg_', 'CG_'), key.toUpperCase(), `xx${key.slice(2)}`, ` ${key}`]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });

  it('hashes the secret with SHA-256 into 64 hex characters', () => {
    const { secret } = generateApiKey();
    expect(hashSecret(secret)).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('createCaller', () => {
  it('stores only the prefix and the hash of the secret, never the key', async () => {
    const { em, created } = fakeEm();
    const { caller, key } = await createCaller(em, { name: 'minzheng', roles: ['civil-affairs'] });
    const { prefix, secret } = parseApiKey(key)!;
    expect(created).toHaveLength(1);
    const row = created[0]!;
    expect(row).toMatchObject({ name: 'minzheng', kind: 'system', roles: ['civil-affairs'], regionPrefix: null, keyPrefix: prefix, keyHash: hashSecret(secret) });
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(key);
    // What is handed back for display carries no hash either.
    expect(caller).not.toHaveProperty('keyHash');
    expect(JSON.stringify(caller)).not.toContain(hashSecret(secret));
  });

  it('refuses unknown roles, a missing role, and a township official without a township', async () => {
    const { em, created } = fakeEm();
    await expect(createCaller(em, { name: 'x', roles: ['root'] })).rejects.toThrow(UnknownRoleError);
    await expect(createCaller(em, { name: 'x', roles: [] })).rejects.toThrow(new CallerInputError('a caller needs at least one role'));
    await expect(createCaller(em, { name: 'x', roles: ['township-official'] })).rejects.toThrow('role "township-official" needs a region of at least 9 digits');
    await expect(createCaller(em, { name: 'x', roles: ['township-official'], region: '410823' })).rejects.toThrow('at least 9 digits');
    await expect(createCaller(em, { name: 'x', roles: ['health'], region: '41a' })).rejects.toThrow('must be a division-code prefix');
    await expect(createCaller(em, { name: ' ', roles: ['health'] })).rejects.toThrow('a caller needs a name');
    expect(created).toHaveLength(0);
  });

  it('keeps the region and de-duplicates roles', async () => {
    const { em, created } = fakeEm();
    await createCaller(em, { name: 'zhen', roles: ['township-official', 'township-official'], region: '410823101' });
    expect(created[0]).toMatchObject({ roles: ['township-official'], regionPrefix: '410823101' });
  });
});

describe('callerFromApiKey', () => {
  it('looks the key up by prefix in one statement and builds the caller from its roles', async () => {
    const { key, prefix, secret } = generateApiKey();
    const { em, statements } = fakeEm([{ id: '7', name: 'canlian', roles: ['disability'], region_prefix: '410823', key_hash: hashSecret(secret) }]);
    const caller = await callerFromApiKey(em, key);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.params).toEqual([prefix]);
    expect(statements[0]!.sql).not.toContain(secret);
    const grants = grantsFor(['disability']);
    expect(caller).toEqual({ id: 'caller:7', name: 'canlian', kind: 'system', roles: ['disability'], scopes: grants.scopes, purposes: grants.purposes, limits: grants.limits, regionPrefix: '410823' });
  });

  it('returns null for a wrong secret, an unknown prefix or a malformed key', async () => {
    const { key, secret } = generateApiKey();
    const other = generateApiKey();
    const row = { id: '7', name: 'canlian', roles: ['disability'], region_prefix: null, key_hash: hashSecret(other.secret) };
    expect(await callerFromApiKey(fakeEm([row]).em, key)).toBeNull();
    expect(await callerFromApiKey(fakeEm([]).em, key)).toBeNull();
    const malformed = fakeEm([{ ...row, key_hash: hashSecret(secret) }]);
    expect(await callerFromApiKey(malformed.em, `${key}=`)).toBeNull();
    expect(malformed.statements).toHaveLength(0);
  });
});
