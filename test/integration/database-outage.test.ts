import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded-database.js';
import { departments } from '../../src/departments/registry.js';
import { createHub, type Hub } from '../../src/server/hub.js';
import { createCaller } from '../../src/auth/api-keys.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';
import { encryptedColumnsOf } from '../../src/crypto/encrypted-columns.js';
import { encryptInPlace } from '../../src/crypto/encrypt-in-place.js';
import { fieldEncryption } from '../../src/crypto/field-encryption.js';
import { uploadFile } from '../support/intake-clients.js';
import { buildIdNumber } from '../../src/identity/id-number.js';

/**
 * PostgreSQL stops under a running hub and starts again (the embedded server, same port and
 * data): while it is down every request gets 503 with `DATABASE_UNAVAILABLE`, /healthz reports
 * the outage, nothing personal leaves without its audit row; once it is back the same hub process
 * answers again, and every disclosing response has exactly its audit row.
 */
let base: string;
let db: EmbeddedDatabase;
let hub: Hub;
let url: string;
let sql: (text: string) => Promise<any[]>;
const keys: Record<'partner' | 'fresh' | 'admin', string> = { partner: '', fresh: '', admin: '' };
/** Responses that carried personal data, by caller name: each must have its audit row. */
const disclosing: Record<string, number> = {};

const PERSON = '{ person(id: "1") { name idNumber phone } }';
const LIST = '{ persons(first: 5) { totalCount nodes { name idNumber } } }';
const MUTATION = 'mutation { runMonitoring { id } }';
const CSV = `sourceRecordId,idNumber,name,kind,visitDate,visitor\nOUTAGE-1,${buildIdNumber('410823', '1950-03-04', 7)},张三,PHONE_FOLLOW_UP,2025-01-02,李四\n`;

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-outage-'));
  fs.chmodSync(base, 0o755);
  db = await startEmbeddedDatabase({ dataDir: path.join(base, 'pg'), fast: true });
  hub = await createHub({ url: db.url, departments, logger: pino({ level: 'silent' }), jwt: null });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await loadCountyFixture(client);
  // The fixture writes persons in clear, as a database from before field encryption: seal them as the hub's start would.
  await encryptInPlace(client, fieldEncryption(), encryptedColumnsOf(departments));
  await client.end();
  sql = async (text) => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(text)).rows;
    } finally {
      await c.end();
    }
  };
  keys.partner = (await createCaller(hub.orm.em.fork(), { name: 'partner', roles: ['admin'] })).key;
  // Never used before the outage, so not in the verified-key cache: its look-up needs the database.
  keys.fresh = (await createCaller(hub.orm.em.fork(), { name: 'fresh', roles: ['admin'] })).key;
  url = await hub.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await hub?.close();
  await db?.stop();
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

async function graphql(query: string, key = keys.partner, accept = 'application/json') {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${key}`, 'x-purpose': 'CASE_MANAGEMENT' },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  const caller = key === keys.partner ? 'partner' : 'fresh';
  const disclosed = JSON.stringify(body.data ?? null).includes('"idNumber":"4');
  if (disclosed) disclosing[caller] = (disclosing[caller] ?? 0) + 1;
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body, disclosed, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
}

async function healthz() {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A request over `agent` (node:http, so the test decides which connection carries it); `write` sends the body. */
function send(agent: http.Agent, path: string, opts: { method?: string; headers?: Record<string, string>; write?: (req: http.ClientRequest) => Promise<void> } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(`${url}${path}`, { agent, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    // A guard, not a measurement: an answer that never comes fails here rather than at jest's timeout.
    // Idle time on the socket: below jest's 60 s, well above an import of a few thousand rows on a loaded machine.
    req.setTimeout(45_000, () => req.destroy(new Error(`no answer to ${path}`)));
    if (opts.write) opts.write(req).then(() => req.end(), reject);
    else req.end();
  });
}

/** A care-visit upload as multipart parts: the head, then rows, then the tail. */
function multipartFile(prefix: string, rows: number) {
  const boundary = 'outage-test-boundary';
  const lines = ['sourceRecordId,idNumber,name,kind,visitDate,visitor'];
  for (let i = 0; i < rows; i++) lines.push(`${prefix}-${i},${buildIdNumber('410823', '1950-03-04', i % 997)},张三,PHONE_FOLLOW_UP,2025-01-02,李四`);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="long.csv"\r\ncontent-type: text/csv\r\n\r\n`,
    lines: lines.map((l) => `${l}\n`),
    tail: `\r\n--${boundary}--\r\n`,
  };
}

const committed = async (prefix: string) => Number((await sql(`select count(*) as n from civil_affairs.care_visit where source_record_id like '${prefix}-%'`))[0].n);

const upload = (key = keys.partner) => uploadFile(url, '/import/civil-affairs/care-visit', 'visits.csv', CSV, { authorization: `Bearer ${key}` });

describe('before the outage', () => {
  it('answers and audits', async () => {
    for (const q of [PERSON, PERSON, LIST]) {
      const res = await graphql(q);
      expect([res.status, res.codes]).toEqual([200, []]);
      expect(res.disclosed).toBe(true);
    }
    expect((await healthz()).status).toBe(200);
  });
});

describe('while PostgreSQL is down', () => {
  beforeAll(async () => {
    await db.stop();
  });

  it.each([
    ['a person read (compiled read, then graphql-jit)', PERSON],
    ['a person read again', PERSON],
    ['a list', LIST],
    ['a mutation', MUTATION],
  ])('answers %s with 503 DATABASE_UNAVAILABLE and no personal data', async (_label, query) => {
    const res = await graphql(query);
    expect(res.status).toBe(503);
    expect(res.retryAfter).toBe('5');
    expect(res.codes.length).toBeGreaterThan(0);
    expect(new Set(res.codes)).toEqual(new Set(['DATABASE_UNAVAILABLE']));
    expect(res.body.errors![0]!.message).toBe('The database is unavailable; retry shortly');
    expect(res.disclosed).toBe(false);
  });

  it('answers 503 DATABASE_UNAVAILABLE when the caller’s key must be looked up', async () => {
    const res = await graphql(PERSON, keys.fresh);
    expect([res.status, res.codes]).toEqual([503, ['DATABASE_UNAVAILABLE']]);
  });

  it('answers 503 to clients asking for application/graphql-response+json', async () => {
    const res = await graphql(LIST, keys.partner, 'application/graphql-response+json');
    expect([res.status, res.codes]).toEqual([503, ['DATABASE_UNAVAILABLE']]);
  });

  it('answers an import with 503 DATABASE_UNAVAILABLE', async () => {
    const res = await upload();
    expect(res.status).toBe(503);
    expect(res.body.errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
  });

  it('reports the outage on /healthz', async () => {
    const res = await healthz();
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'error', database: 'down', code: 'DATABASE_UNAVAILABLE' });
  });
});

describe('after PostgreSQL is back (the same hub process)', () => {
  beforeAll(async () => {
    await db.start();
  });

  it('reports the database up on /healthz', async () => {
    expect(await healthz()).toMatchObject({ status: 200, body: { status: 'ok', database: 'up' } });
  });

  it.each([
    ['a person read', PERSON],
    ['a list', LIST],
  ])('answers %s again', async (_label, query) => {
    const res = await graphql(query);
    expect([res.status, res.codes]).toEqual([200, []]);
    expect(res.disclosed).toBe(true);
  });

  it('answers the caller whose key was looked up during the outage', async () => {
    const res = await graphql(PERSON, keys.fresh);
    expect([res.status, res.codes, res.disclosed]).toEqual([200, [], true]);
  });

  it('runs a mutation and an import', async () => {
    const run = await graphql(MUTATION);
    expect([run.status, run.codes]).toEqual([200, []]);
    expect(run.body.data.runMonitoring.id).toBeTruthy();
    const imported = await upload();
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 1, rejected: 0 });
    expect(await sql(`select source_record_id from civil_affairs.care_visit where source_record_id like 'OUTAGE-%'`)).toEqual([{ source_record_id: 'OUTAGE-1' }]);
  });

  it('has exactly one audited request per disclosing response, and none for the refused ones', async () => {
    const rows = await sql(`select caller_name, count(distinct request_id)::int as requests from core.audit_event group by 1 order by 1`);
    expect(Object.fromEntries(rows.map((r) => [r.caller_name, r.requests]))).toEqual(disclosing);
    expect(disclosing).toEqual({ partner: 5, fresh: 1 });
  });
});

describe('an import cut off by the outage midway through its file', () => {
  const ROWS = 8_000;
  const file = multipartFile('LONG', ROWS);
  const contentType = { 'content-type': file.contentType };
  let agent: http.Agent;
  beforeAll(() => {
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterAll(async () => {
    agent.destroy();
    await db.start();
  });

  it('is refused with 503, and the next request on its connection is answered', async () => {
    const refused = await send(agent, '/import/civil-affairs/care-visit', {
      method: 'POST',
      headers: { ...contentType, authorization: `Bearer ${keys.partner}` },
      write: async (req) => {
        req.write(file.head + file.lines.slice(0, 3_000).join(''));
        // The import is under way once its first batch is in the table; then PostgreSQL goes.
        while ((await committed('LONG')) === 0) await new Promise((r) => setTimeout(r, 20));
        await db.stop();
        req.write(file.lines.slice(3_000).join('') + file.tail);
      },
    });
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
    // The rest of the upload was never read by the import: left on the kept-alive connection, it would stall this request.
    expect((await send(agent, '/healthz')).status).toBe(503);
  });

  it('completes with exact counts when the same file is imported again', async () => {
    await db.start();
    const before = await committed('LONG');
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(ROWS);
    const again = await send(agent, '/import/civil-affairs/care-visit', {
      method: 'POST',
      headers: { ...contentType, authorization: `Bearer ${keys.partner}` },
      write: async (req) => {
        req.write(file.head + file.lines.join('') + file.tail);
      },
    });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ created: ROWS - before, unchanged: before, updated: 0, rejected: 0 });
    expect(await committed('LONG')).toBe(ROWS);
  });
});
