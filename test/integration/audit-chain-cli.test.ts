import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '../../src/db/orm.js';
import { groupCommitAuditWrites } from '../../src/auth/audit-group-commit.js';
import { anonymousCaller } from '../../src/auth/caller.js';
import { requireKeyring } from '../../src/audit-chain/audit-keyring.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * `npm run audit` as an operator runs it — a child process on the database (DATABASE_URL) with
 * the key in the environment — over a database that had audit rows before chaining began:
 * exit codes, what it prints, the seal, kept heads; and a hub refusing to start without a key.
 */
const BEFORE_CHAINING = 'Migration20261206100000_disclosure_key';
const keyring = requireKeyring();
let db: TestDatabase;
let orm: MikroORM;
let client: pg.Client;
const sql = async (text: string, params?: unknown[]) => (await client.query(text, params)).rows;

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await initOrm({ url: db.url, departments: [] });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await orm.getMigrator().up({ to: BEFORE_CHAINING });
  for (const n of [1, 2, 3]) {
    await sql(`insert into core.audit_event (at, request_id, caller_id, caller_name, person_id, fields) values ($1, $2, 'caller:1', 'old hub', $3, array['Person.idNumber'])`, [
      `2026-11-0${n}T08:00:00Z`,
      `old-${n}`,
      n,
    ]);
  }
  await orm.getMigrator().up();
  const write = groupCommitAuditWrites(orm.em, keyring);
  const caller = { ...anonymousCaller, id: 'caller:2', name: 'new hub' };
  for (const n of [1, 2, 3, 4]) await write({ requestId: `new-${n}`, caller, purpose: 'CASE_MANAGEMENT', operationName: `Op${n}` }, [{ personId: String(n), householdId: null, field: 'Person.name' }]);
});
afterAll(async () => {
  await client?.end();
  await orm?.close(true);
  await db?.drop();
});

function run(file: string, args: string[], env: NodeJS.ProcessEnv, waitFor?: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const take = (d: Buffer) => {
      out += d;
      if (waitFor && out.includes(waitFor)) child.kill('SIGTERM');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
const audit = (args: string[], env: NodeJS.ProcessEnv = {}) => run('src/cli/audit.ts', args, { DATABASE_URL: db.url, ...env });

it('verify: exit 0 with counts, the rows from before chaining reported as unchained until sealed', async () => {
  const before = await audit(['verify']);
  expect(before.code).toBe(0);
  expect(before.out).toMatch(/unchained \(before \d{4}-\d{2}-\d{2}T[^)]*\): 3 rows, ids 1–3/);
  expect(before.out).toMatch(/Intact: \d+ chains, 4 rows verified\./);

  const sealed = await audit(['seal']);
  expect([sealed.code, sealed.out.trim().split('\n').at(-1)]).toEqual([0, `Sealed 3 rows into chain "legacy" with key "${keyring.current.id}".`]);
  expect(await sql(`select id::text, chain_id, chain_seq::text from core.audit_event where chain_id = 'legacy' order by id`)).toEqual(
    ['1', '2', '3'].map((id) => ({ id, chain_id: 'legacy', chain_seq: id })),
  );
  expect((await audit(['seal'])).out).toContain('Nothing to seal');

  const after = await audit(['verify']);
  expect(after.code).toBe(0);
  expect(after.out).not.toContain('unchained');
  expect(after.out).toMatch(/chain legacy +3 rows +2026-11-01T08:00:00Z – 2026-11-03T08:00:00Z +intact/);
  expect(after.out).toMatch(/Intact: \d+ chains, 7 rows verified\./);
});

it('verify: exit 1 naming the code, the row, the chain and the time span of an edited row', async () => {
  const [row] = await sql(`select id::text, chain_id from core.audit_event where request_id = 'new-3'`);
  await sql(`update core.audit_event set person_id = 9 where id = $1`, [row.id]);
  try {
    const { code, out } = await audit(['verify']);
    expect(code).toBe(1);
    expect(out).toContain(`AUDIT_ROW_EDITED in chain ${row.chain_id}: row ${row.id}: its content does not match its link`);
    expect(out).toMatch(new RegExp(`chain ${row.chain_id.replace('.', '\\.')} +4 rows .* BROKEN at row ${row.id}`));
    expect(out).toMatch(/\[between row \d+ \(position 2, \d{4}-\d\d-\d\dT[\d:]+Z\) and \d{4}-\d\d-\d\dT[\d:]+Z\]/);
    expect(out).toMatch(/BROKEN: 1 of \d+ chains/);
  } finally {
    await sql(`update core.audit_event set person_id = 3 where id = $1`, [row.id]);
  }
});

it('verify with a wrong key: every chain broken from its first row, AUDIT_KEY_WRONG, exit 1', async () => {
  const { code, out } = await audit(['verify'], { CAREGRAPH_AUDIT_KEY: `${keyring.current.id}:${randomBytes(32).toString('base64')}` });
  expect(code).toBe(1);
  expect(out).toContain('AUDIT_KEY_WRONG');
  expect(out).toMatch(/AUDIT_ROW_EDITED in chain legacy: row 1:/);
  expect(out).toMatch(/BROKEN: 2 of \d+ chains/);
});

it('without a key: AUDIT_KEY_MISSING, exit 2 (not verified); a hub on DATABASE_URL refuses to start', async () => {
  const noKey = { CAREGRAPH_AUDIT_KEY: '', CAREGRAPH_KEY_FILE: '' };
  const verify = await audit(['verify'], noKey);
  expect(verify.code).toBe(2);
  expect(verify.out).toContain('AUDIT_KEY_MISSING: no audit chain key: set CAREGRAPH_KEY_FILE');
  const hub = await run('src/server/main.ts', [], { ...noKey, DATABASE_URL: db.url, SEED_DEMO: 'false', NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: '0' });
  expect(hub.code).toBe(1);
  expect(hub.out).toContain('AUDIT_KEY_MISSING');
  const badFile = await audit(['verify'], { CAREGRAPH_AUDIT_KEY: '', CAREGRAPH_KEY_FILE: '/nonexistent/keys.json' });
  expect([badFile.code, badFile.out]).toEqual([2, expect.stringContaining('AUDIT_KEY_FILE_UNREADABLE: cannot read key file /nonexistent/keys.json')]);
});

it('head prints the heads to keep; verify --heads finds a tail removed with its head moved back', async () => {
  const head = await audit(['head']);
  expect(head.code).toBe(0);
  const [last] = await sql(`select id::text, chain_id from core.audit_event where request_id = 'new-4'`);
  const kept = JSON.parse(head.out);
  expect(kept.heads).toEqual(expect.arrayContaining([{ chain: last.chain_id, seq: '4', link: expect.stringMatching(/^[0-9a-f]{64}$/), key: keyring.current.id }]));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-heads-')), 'heads.json');
  fs.writeFileSync(file, head.out);
  await sql(`delete from core.audit_event where id = $1`, [last.id]);
  await sql(`update core.audit_chain_head h set seq = e.chain_seq, link = e.chain_link, last_id = e.id from core.audit_event e where e.request_id = 'new-3' and h.chain_id = e.chain_id`);
  expect((await audit(['verify'])).code).toBe(0);
  const against = await audit(['verify', '--heads', file]);
  expect(against.code).toBe(1);
  expect(against.out).toContain(`AUDIT_CHAIN_TRUNCATED in chain ${last.chain_id}: the kept head says position 4 but the chain ends at 3`);
});

it('the embedded demo makes its key file (0600) beside the data folder on first start and says where', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-keyfile-'));
  fs.chmodSync(base, 0o755); // as root the cluster runs as `postgres`, who must reach it
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  try {
    const env = { DATABASE_URL: '', CAREGRAPH_AUDIT_KEY: '', CAREGRAPH_KEY_FILE: '', CAREGRAPH_DATA_DIR: path.join(base, 'pg'), SEED_DEMO: 'false', NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: String(port) };
    const { out } = await run('src/server/main.ts', [], env, 'CareGraph is serving GraphQL');
    const file = path.join(base, 'pg.keys.json');
    expect(out).toContain(`created the audit chain key file ${file} (mode 0600)`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const keys = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(keys).toEqual({ audit: { id: 'a1', key: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) } });
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}, 120_000);
