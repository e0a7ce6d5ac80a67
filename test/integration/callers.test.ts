import { spawn } from 'node:child_process';
import type { MikroORM } from '@mikro-orm/postgresql';
import { callerFromApiKey, CallerInputError, createCaller, hashSecret, listCallers, parseApiKey, revokeCaller } from '../../src/auth/api-keys.js';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { VerifiedKeyCache } from '../../src/auth/verified-key-cache.js';
import { grantsFor } from '../../src/auth/grants.js';
import { initOrm, migrate } from '../../src/db/orm.js';
import { departments } from '../../src/departments/registry.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await initOrm({ url: db.url, departments });
  await migrate(orm);
});

afterAll(async () => {
  await orm?.close(true);
  await db?.drop();
});

/** Runs `npm run callers -- …` as a child process against the test database. */
function runCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/callers.ts', ...args], {
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: db.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

async function callerRow(name: string): Promise<Record<string, unknown>> {
  const rows = await orm.em.getConnection().execute('select * from "core"."caller" where "name" = ?', [name]);
  return rows[0] as Record<string, unknown>;
}

describe('core.caller', () => {
  it('matches its entity: the schema diff has nothing to change', async () => {
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.split('\n').filter((line) => line.includes('"caller"'))).toEqual([]);
  });
});

describe('API keys against PostgreSQL', () => {
  it('stores only prefix and hash, and authenticates the key with the policy scopes in one statement', async () => {
    const { caller: created, key } = await createCaller(orm.em, { name: 'minzheng-dibao', roles: ['civil-affairs'], region: '410823' });
    const { prefix, secret } = parseApiKey(key)!;
    const row = await callerRow('minzheng-dibao');
    expect(row).toMatchObject({ id: created.id, kind: 'system', roles: ['civil-affairs'], region_prefix: '410823', key_prefix: prefix, key_hash: hashSecret(secret), revoked_at: null });
    expect(JSON.stringify(row)).not.toContain(secret);

    const statements: string[] = [];
    const knex = orm.em.getConnection().getKnex();
    const listener = (q: { sql: string }) => statements.push(q.sql);
    knex.on('query', listener);
    const caller = await callerFromApiKey(orm.em.fork(), key);
    knex.off('query', listener);
    expect(statements).toHaveLength(1);

    const grants = grantsFor(['civil-affairs']);
    expect(caller).toEqual({
      id: `caller:${created.id}`,
      name: 'minzheng-dibao',
      kind: 'system',
      roles: ['civil-affairs'],
      scopes: grants.scopes,
      purposes: grants.purposes,
      limits: grants.limits,
      regionPrefix: '410823',
    });
    expect(caller!.scopes.has('civil-affairs:write')).toBe(true);
    expect(caller!.scopes.has('health:read')).toBe(false);
  });

  it('refuses a wrong secret behind a right prefix', async () => {
    const { key } = await createCaller(orm.em, { name: 'canlian', roles: ['disability'] });
    const { prefix, secret } = parseApiKey(key)!;
    const wrong = `cg_${prefix}_${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await callerFromApiKey(orm.em.fork(), wrong)).toBeNull();
    expect(await callerFromApiKey(orm.em.fork(), key)).not.toBeNull();
  });

  it('refuses a duplicate name', async () => {
    await createCaller(orm.em, { name: 'jiaoyu', roles: ['education'] });
    await expect(createCaller(orm.em, { name: 'jiaoyu', roles: ['education'] })).rejects.toThrow(new CallerInputError('a caller named "jiaoyu" already exists'));
  });

  it('stops authenticating a revoked key, by id or by name', async () => {
    const a = await createCaller(orm.em, { name: 'fulian', roles: ['womens-federation'] });
    const b = await createCaller(orm.em, { name: 'weijian', roles: ['health'] });
    expect(await revokeCaller(orm.em, a.caller.id)).toMatchObject({ caller: { name: 'fulian' }, alreadyRevoked: false });
    expect(await revokeCaller(orm.em, 'weijian')).toMatchObject({ caller: { id: b.caller.id }, alreadyRevoked: false });
    expect(await callerFromApiKey(orm.em.fork(), a.key)).toBeNull();
    expect(await callerFromApiKey(orm.em.fork(), b.key)).toBeNull();
    const again = await revokeCaller(orm.em, 'fulian');
    expect(again.alreadyRevoked).toBe(true);
    await expect(revokeCaller(orm.em, 'nobody')).rejects.toThrow('no caller with id or name "nobody"');
    const listed = await listCallers(orm.em);
    expect(listed.find((c) => c.name === 'fulian')?.revokedAt).toBeInstanceOf(Date);
    expect(listed.every((c) => !('keyHash' in c))).toBe(true);
  });
});

describe('authenticator', () => {
  it('tells missing credentials from invalid ones, without echoing the secret', async () => {
    const authenticate = createAuthenticator({ em: orm.em, jwt: null });
    const { key } = await createCaller(orm.em, { name: 'zhen-official-system', roles: ['township-official'], region: '410823101' });

    expect(await authenticate(undefined)).toEqual({ kind: 'anonymous' });
    expect(await authenticate('')).toEqual({ kind: 'anonymous' });
    expect(await authenticate(`bearer ${key}`)).toMatchObject({ kind: 'caller', caller: { name: 'zhen-official-system', regionPrefix: '410823101' } });

    const invalid = async (header: string, message: string) => {
      const result = await authenticate(header);
      expect(result).toEqual({ kind: 'invalid', message });
      expect(JSON.stringify(result)).not.toContain(parseApiKey(key)!.secret);
    };
    await invalid(`Basic ${key}`, 'Authorization header must be "Bearer <API key or JWT>"');
    await invalid(key, 'Authorization header must be "Bearer <API key or JWT>"');
    await invalid('Bearer', 'Authorization header must be "Bearer <API key or JWT>"');
    await invalid('Bearer eyJ.eyJ.sig', 'JWT authentication is not configured on this server; partner systems use an API key');
    await invalid('Bearer not-a-key', 'Invalid API key: not shaped like a CareGraph key (cg_<prefix>_<secret>)');
    await invalid(`Bearer ${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, 'Invalid API key: unknown or revoked');
    await revokeCaller(orm.em, 'zhen-official-system');
    await invalid(`Bearer ${key}`, 'Invalid API key: unknown or revoked');
  });

  it('remembers a verified key until its cache entry expires: the documented revocation delay', async () => {
    let now = 1_000_000;
    const keyCache = new VerifiedKeyCache({ ttlMs: 30_000, maxEntries: 10, now: () => now });
    const authenticate = createAuthenticator({ em: orm.em, jwt: null, keyCache });
    const { key } = await createCaller(orm.em, { name: 'cached-system', roles: ['auditor'] });

    expect(await authenticate(`Bearer ${key}`)).toMatchObject({ kind: 'caller', caller: { name: 'cached-system' } });
    await revokeCaller(orm.em, 'cached-system');
    now += 29_999;
    expect(await authenticate(`Bearer ${key}`)).toMatchObject({ kind: 'caller', caller: { name: 'cached-system' } });
    now += 1;
    expect(await authenticate(`Bearer ${key}`)).toEqual({ kind: 'invalid', message: 'Invalid API key: unknown or revoked' });
    expect(keyCache.size).toBe(0);
  });

  it('never remembers a rejected key, so a wrong secret always reaches the database', async () => {
    const keyCache = new VerifiedKeyCache({ ttlMs: 30_000, maxEntries: 10 });
    const authenticate = createAuthenticator({ em: orm.em, jwt: null, keyCache });
    const { key } = await createCaller(orm.em, { name: 'wrong-secret-system', roles: ['auditor'] });
    const wrong = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(await authenticate(`Bearer ${wrong}`)).toEqual({ kind: 'invalid', message: 'Invalid API key: unknown or revoked' });
    expect(await authenticate(`Bearer ${wrong}`)).toEqual({ kind: 'invalid', message: 'Invalid API key: unknown or revoked' });
    expect(keyCache.size).toBe(0);
    expect(await authenticate(`Bearer ${key}`)).toMatchObject({ kind: 'caller' });
    expect(keyCache.size).toBe(1);
  });
});

describe('npm run callers', () => {
  it('adds a caller whose printed key authenticates, lists it without hash, and revokes it', async () => {
    const added = await runCli('add', '--name', 'cli-leading-office', '--role', 'leading-group-office', '--role', 'auditor', '--region', '410823');
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('cannot be shown again');
    const key = /cg_[0-9a-f]{8}_[A-Za-z0-9_-]{43}/.exec(added.stdout)?.[0];
    expect(key).toBeDefined();
    const caller = await callerFromApiKey(orm.em.fork(), key!);
    expect(caller).toMatchObject({ name: 'cli-leading-office', kind: 'system', roles: ['leading-group-office', 'auditor'], regionPrefix: '410823' });
    expect(caller!.scopes).toEqual(grantsFor(['leading-group-office', 'auditor']).scopes);

    const listed = await runCli('list');
    expect(listed.code).toBe(0);
    const line = listed.stdout.split('\n').find((l) => l.includes('cli-leading-office'));
    expect(line).toMatch(/leading-group-office,auditor\s+410823\s/);
    const row = await callerRow('cli-leading-office');
    expect(listed.stdout).not.toContain(String(row.key_hash));
    expect(listed.stdout).not.toContain(parseApiKey(key!)!.secret);
    expect(listed.stdout.split('\n')[0]).toMatch(/^id\s+name\s+roles\s+region\s+key\s+created\s+revoked$/);

    const revoked = await runCli('revoke', 'cli-leading-office');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('no longer authenticates');
    expect(await callerFromApiKey(orm.em.fork(), key!)).toBeNull();
  });

  it('exits 1 with a clear message on an unknown role, a missing region or a duplicate name', async () => {
    const unknown = await runCli('add', '--name', 'cli-bad', '--role', 'superuser');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown role "superuser"; known roles: ');
    expect(unknown.stdout).not.toMatch(/cg_[0-9a-f]{8}_/);

    const noRegion = await runCli('add', '--name', 'cli-bad', '--role', 'township-official');
    expect(noRegion.code).toBe(1);
    expect(noRegion.stderr).toContain('role "township-official" needs a region of at least 9 digits');

    await createCaller(orm.em, { name: 'cli-taken', roles: ['auditor'] });
    const duplicate = await runCli('add', '--name', 'cli-taken', '--role', 'auditor');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('a caller named "cli-taken" already exists');

    const missing = await runCli('revoke', 'cli-nobody');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no caller with id or name "cli-nobody"');
  });
});
