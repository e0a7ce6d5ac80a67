import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { to as copyTo } from 'pg-copy-streams';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import { createHub } from '../../src/server/hub.js';
import { departments } from '../../src/departments/registry.js';
import { checkCharacter } from '../../src/identity/id-number.js';
import { maskAddress, maskIdNumber, maskPhone } from '../../src/auth/masking.js';
import { encryptInPlace } from '../../src/crypto/encrypt-in-place.js';
import { fieldEncryption } from '../../src/crypto/field-encryption.js';
import { encryptedColumnsOf } from '../../src/crypto/encrypted-columns.js';
import { prepareFieldEncryption } from '../../src/crypto/prepare-field-encryption.js';
import { keyUsage } from '../../src/crypto/reencrypt.js';
import { buildIdNumber } from '../../src/identity/id-number.js';
import { idNumberIndex, openIdNumber } from '../support/field-values.js';

/**
 * Field encryption at rest (docs/security.md#field-encryption) on a seeded demo county, through the
 * real HTTP API and real PostgreSQL: what a dump shows, what callers see, what tampering gets.
 */
let hub: TestHub;
/** A client of our own, for COPY and the in-place conversion. */
let client: pg.Client;
beforeAll(async () => {
  hub = await startTestHub({ fixture: (c) => seedDemoData(c, { persons: 400, county: '410823', seed: 7 }).then(() => undefined) });
  client = new pg.Client({ connectionString: hub.dbUrl });
  await client.connect();
}, 120_000);
afterAll(async () => {
  await client?.end();
  await hub?.close();
});

/** Every table of every schema as `COPY … TO STDOUT` writes it. */
async function dump(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<{ table_schema: string; table_name: string }>(
    `select table_schema, table_name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
  );
  let text = '';
  for (const { table_schema, table_name } of rows) {
    const stream = client.query(copyTo(`copy "${table_schema}"."${table_name}" to stdout`));
    for await (const chunk of stream) text += chunk.toString('utf8');
  }
  return text;
}

const validIdNumbers = (text: string) => [...text.matchAll(/(?<![0-9A-Za-z])[1-9]\d{16}[\dX](?![0-9A-Za-z])/g)].map((m) => m[0]).filter((n) => checkCharacter(n.slice(0, 17)) === n[17]);
const phones = (text: string) => [...text.matchAll(/(?<!\d)1[3-9]\d{9}(?!\d)/g)].map((m) => m[0]);

async function anyPerson(where = 'true') {
  const [row] = await hub.sql<{ id: string; id_number: string; household_id: string }>(`select id::text, id_number, household_id::text from core.person where phone is not null and ${where} order by id limit 1`);
  return { id: row!.id, idNumber: openIdNumber(row!.id_number), householdId: row!.household_id };
}

describe('at rest', () => {
  it('a dump of the seeded database holds no valid ID number, no mobile number and no address in clear', async () => {
    const text = await dump(client);
    expect(text.length).toBeGreaterThan(100_000);
    expect(validIdNumbers(text)).toEqual([]);
    expect(phones(text)).toEqual([]);
    expect(text.match(/武陟县[^\t\n]*?\d+号/g)).toBeNull();
    // The scan finds them when they are there: the seed's own clear values.
    const person = await anyPerson();
    expect(validIdNumbers(`x\t${person.idNumber}\tx`)).toEqual([person.idNumber]);
    const res = await hub.query(`query($id: ID!) { person(id: $id) { phone address } }`, { id: person.id });
    expect(phones(res.body.data.person.phone)).toHaveLength(1);
    expect(res.body.data.person.address).toMatch(/武陟县.*\d+号$/);
  });

  it('holds the third parties of department records — custodians, teachers, visitors, assessors, certificate numbers — only in ciphertext', async () => {
    const columns = [...encryptedColumnsOf(departments)].filter((c) => !c.startsWith('core.'));
    expect(columns).toEqual(expect.arrayContaining(['civil_affairs.custody_agreement.custodian_name', 'education.teacher_pairing.teacher_phone', 'disability.certificate.certificate_number', 'hrss.assessment.assessor']));
    let values = 0;
    for (const qualified of columns) {
      const at = qualified.lastIndexOf('.');
      const rows = await hub.sql<{ v: string }>(`select ${qualified.slice(at + 1)} as v from ${qualified.slice(0, at)} where ${qualified.slice(at + 1)} is not null`);
      for (const { v } of rows) expect(v).toMatch(/^sm4:v1:t1:/);
      values += rows.length;
    }
    expect(values).toBeGreaterThan(50);
    // A custodian's name, as the API tells it to the department, is nowhere in the agreements' dump (the
    // custodian is also a person of the county, whose own name core.person keeps in clear).
    const [custody] = await hub.sql<{ person_id: string }>(`select person_id::text from civil_affairs.custody_agreement order by id limit 1`);
    const res = await hub.query(`query($id: ID!) { person(id: $id) { civilAffairs { custodyAgreements { custodianName custodianPhone } } } }`, { id: custody!.person_id });
    expect(res.body.errors).toBeUndefined();
    const { custodianName } = res.body.data.person.civilAffairs.custodyAgreements[0];
    expect(custodianName).toMatch(/^\p{Script=Han}{2,4}$/u);
    let agreements = '';
    for await (const chunk of client.query(copyTo(`copy civil_affairs.custody_agreement to stdout`))) agreements += chunk.toString('utf8');
    expect(agreements.split('\n').length).toBeGreaterThan(2);
    expect(agreements.includes(custodianName)).toBe(false);
  });

  it('keeps birth date, gender and region codes in clear columns, so reports and filters never decrypt', async () => {
    const [row] = await hub.sql<{ birth_date: string; gender: string; region_code: string; id_number_county: string }>(
      `select birth_date::text, gender, region_code, id_number_county from core.person where household_id is not null limit 1`,
    );
    expect(row).toMatchObject({ birth_date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), gender: expect.stringMatching(/^(MALE|FEMALE)$/), region_code: expect.stringMatching(/^410823/), id_number_county: '410823' });
  });
});

describe('reads', () => {
  const FIELDS = 'id idNumber phone address household { address }';

  it('finds a person by ID number through the blind index, clear for the admin (compiled read) and on the resolver path', async () => {
    const person = await anyPerson();
    const compiled = await hub.countStatements(() => hub.query(`query($n: String!) { personByIdNumber(idNumber: $n) { ${FIELDS} } }`, { n: person.idNumber }));
    expect(compiled.result.body.errors).toBeUndefined();
    expect(compiled.statements.filter((s) => s.startsWith('select json_build_object('))).toHaveLength(1);
    const found = compiled.result.body.data.personByIdNumber;
    expect(found).toMatchObject({ id: person.id, idNumber: person.idNumber, phone: expect.stringMatching(/^1[3-9]\d{9}$/), address: expect.stringMatching(/号$/) });
    expect(found.household.address).toBe(found.address);
    // `age` has a resolver: the whole operation goes the resolver way, with the same answer.
    const resolved = await hub.query(`query($n: String!) { personByIdNumber(idNumber: $n) { age ${FIELDS} } }`, { n: person.idNumber.toLowerCase() });
    expect(resolved.body.errors).toBeUndefined();
    const { age, ...rest } = resolved.body.data.personByIdNumber;
    expect(age).toBeGreaterThanOrEqual(0);
    expect(rest).toEqual(found);
  });

  it('masks the decrypted values for the leading-group office', async () => {
    const person = await anyPerson();
    const admin = (await hub.query(`query($id: ID!) { person(id: $id) { ${FIELDS} } }`, { id: person.id })).body.data.person;
    const office = await hub.query(`query($id: ID!) { person(id: $id) { ${FIELDS} } }`, { id: person.id }, await hub.as('leading-group-office', { purpose: 'STATISTICS' }));
    expect(office.body.errors).toBeUndefined();
    expect(office.body.data.person).toEqual({
      id: person.id,
      idNumber: maskIdNumber(admin.idNumber),
      phone: maskPhone(admin.phone),
      address: maskAddress(admin.address),
      household: { address: maskAddress(admin.household.address) },
    });
    expect(office.body.data.person.idNumber).toMatch(/^410823\*{8}\d{3}[\dX]$/);
  });

  it('a ciphertext copied into another column or table, or a value written in clear with SQL, answers a coded field error, never garbage', async () => {
    const [a, b] = await hub.sql<{ id: string; household_id: string }>(`select id::text, household_id::text from core.person where phone is not null and household_id is not null order by id desc limit 2`);
    await hub.sql(`update core.person set phone = address where id = $1`, [a!.id]);
    await hub.sql(`update core.household set address = (select address from core.person where id = $1) where id = $2`, [b!.id, b!.household_id]);
    await hub.sql(`update core.person set id_number = '410823195810270115' where id = $1`, [b!.id]);
    for (const [query, id, path, code] of [
      [`query($id: ID!) { person(id: $id) { id name phone } }`, a!.id, ['person', 'phone'], 'FIELD_DECRYPT_FAILED'],
      [`query($id: ID!) { person(id: $id) { id name household { address } } }`, b!.id, ['person', 'household', 'address'], 'FIELD_DECRYPT_FAILED'],
      [`query($id: ID!) { person(id: $id) { id name idNumber } }`, b!.id, ['person', 'idNumber'], 'FIELD_NOT_ENCRYPTED'],
    ] as const) {
      const res = await hub.query(query, { id });
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0]).toMatchObject({ path, extensions: { code } });
      expect(res.body.errors![0]!.message).not.toMatch(/\d{6}|号/);
      expect(res.body.data.person).toMatchObject({ id, name: expect.any(String) });
    }
  });
});

describe('intake', () => {
  const UPSERT = `mutation ($records: [AssistanceEnrolmentIntake!]!) { upsertAssistanceEnrolments(records: $records) { created updated unchanged rejected issuesRaised records { status code field } } }`;

  it('resolves persons by blind index: a re-sent identical record is unchanged, a new person is stored sealed and found again', async () => {
    const person = await anyPerson();
    const [{ name }] = await hub.sql<{ name: string }>(`select name from core.person where id = $1`, [person.id]);
    const headers = await hub.as('civil-affairs');
    const newcomer = buildIdNumber('410823', '1990-05-17', 123);
    const records = [
      { sourceRecordId: 'FE-1', idNumber: person.idNumber, name, program: '低保', status: 'ACTIVE', startDate: '2024-03-01', monthlyAmount: '560' },
      { sourceRecordId: 'FE-2', idNumber: newcomer, name: '孙立', program: '低保', status: 'ACTIVE', startDate: '2024-03-01', monthlyAmount: '560' },
    ];
    const first = await hub.query(UPSERT, { records }, headers);
    expect(first.body.data.upsertAssistanceEnrolments).toMatchObject({ created: 2, rejected: 0, issuesRaised: 0 });
    const again = await hub.query(UPSERT, { records }, headers);
    expect(again.body.data.upsertAssistanceEnrolments).toMatchObject({ created: 0, updated: 0, unchanged: 2, issuesRaised: 0 });
    const owners = await hub.sql<{ person_id: string }>(`select person_id::text from civil_affairs.assistance_enrolment where source_record_id = 'FE-1'`);
    expect(owners).toEqual([{ person_id: person.id }]);
    const [stored] = await hub.sql<{ id_number: string; id_number_county: string }>(`select id_number, id_number_county from core.person where id_number_bidx = $1`, [idNumberIndex(newcomer)]);
    expect(stored!.id_number).toMatch(/^sm4:v1:t1:/);
    expect(openIdNumber(stored!.id_number)).toBe(newcomer);
    expect(stored!.id_number_county).toBe('410823');
    const found = await hub.query(`query($n: String!) { personByIdNumber(idNumber: $n) { name idNumber } }`, { n: newcomer });
    expect(found.body.data.personByIdNumber).toEqual({ name: '孙立', idNumber: newcomer });
  });
});

describe('keys at start and the in-place conversion', () => {
  const startWith = async (env: Record<string, string | undefined>) => {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
    try {
      const started = await createHub({ url: hub.dbUrl, departments, logger: pino({ level: 'silent' }), jwt: null });
      await started.close();
      return 'STARTED';
    } catch (err) {
      return String((err as { code?: unknown }).code);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  const keys = (fill: number, blind = 3) =>
    JSON.stringify({ active: 't1', keys: { t1: { enc: Buffer.alloc(16, fill).toString('base64'), mac: Buffer.alloc(32, fill + 1).toString('base64') } }, blindIndex: { id: 'tb1', key: Buffer.alloc(32, blind).toString('base64') } });

  it('stops a hub with the wrong field key or blind index key (FIELD_KEY_WRONG), or none (FIELD_KEY_MISSING); the right ones start', async () => {
    const connections = async () => (await hub.sql<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database()`))[0]!.n;
    const before = await connections();
    expect(await startWith({ CAREGRAPH_FIELD_KEYS: keys(5) })).toBe('FIELD_KEY_WRONG');
    expect(await startWith({ CAREGRAPH_FIELD_KEYS: keys(1, 4) })).toBe('FIELD_KEY_WRONG');
    expect(await startWith({ CAREGRAPH_FIELD_KEYS: undefined, CAREGRAPH_KEY_FILE: undefined, DATABASE_URL: hub.dbUrl })).toBe('FIELD_KEY_MISSING');
    // A hub that did not start left no connection open (they kept the test process alive for minutes).
    expect(await connections()).toBe(before);
    expect(await startWith({})).toBe('STARTED');
  });

  it('encrypts rows written in clear, in place, and skips what is already sealed (resumable)', async () => {
    // What the tests above wrote in clear past the hub: a start no longer looks for it (see below).
    await encryptInPlace(client, fieldEncryption(), encryptedColumnsOf(departments));
    const ids = [buildIdNumber('410823', '1950-01-01', 11), buildIdNumber('410823', '1950-01-02', 13)];
    await client.query(`insert into core.person (id_number, name, gender, birth_date, phone, address) values ($1, '旧一', 'MALE', '1950-01-01', '13911112222', '河南省焦作市武陟县旧村1号'), ($2, '旧二', 'MALE', '1950-01-02', null, null)`, ids);
    const first = await encryptInPlace(client, fieldEncryption(), encryptedColumnsOf(departments));
    expect(first.persons).toBe(2);
    expect(await encryptInPlace(client, fieldEncryption(), encryptedColumnsOf(departments))).toEqual({ persons: 0, rows: 0 });
    const rows = await hub.sql<{ id_number: string; phone: string | null }>(`select id_number, phone from core.person where name in ('旧一', '旧二') order by name`);
    expect(rows.map((r) => openIdNumber(r.id_number))).toEqual(ids);
    expect(rows[0]!.phone).toMatch(/^sm4:v1:t1:/);
    const found = await hub.query(`query($n: String!) { personByIdNumber(idNumber: $n) { name phone address } }`, { n: ids[0] });
    expect(found.body.data.personByIdNumber).toEqual({ name: '旧一', phone: '13911112222', address: '河南省焦作市武陟县旧村1号' });
  });

  const COLUMNS = encryptedColumnsOf(departments);
  /** Writes a value in clear past the hub, into a department record and a household. */
  const writeInClear = async (visitor: string, address: string) => {
    const [visit] = await hub.sql<{ id: string }>(`update civil_affairs.care_visit set visitor = $1 where id = (select min(id) from civil_affairs.care_visit) returning id::text`, [visitor]);
    const [household] = await hub.sql<{ id: string }>(`update core.household set address = $1 where id = (select min(id) from core.household) returning id::text`, [address]);
    return async () => [
      (await hub.sql<{ v: string }>(`select visitor as v from civil_affairs.care_visit where id = $1`, [visit!.id]))[0]!.v,
      (await hub.sql<{ v: string }>(`select address as v from core.household where id = $1`, [household!.id]))[0]!.v,
    ];
  };
  const keysStatus = () =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/keys.ts', 'status'], { env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: hub.dbUrl }, timeout: 60_000 });

  it('a start after the conversion sealed the catalogue skips its scans; keys status finds what was written in clear past the hub, and the start after it seals that', async () => {
    expect((await prepareFieldEncryption(client, COLUMNS)).converted).toBeNull();
    const stored = await writeInClear('刘明文', '河南省焦作市武陟县明文村1号');
    expect(await startWith({})).toBe('STARTED');
    expect((await prepareFieldEncryption(client, COLUMNS)).converted).toBeNull();
    expect(await stored()).toEqual(['刘明文', '河南省焦作市武陟县明文村1号']);

    expect((await keyUsage(client, COLUMNS)).clearRows).toBe(2);
    const status = await keysStatus();
    expect(status.stdout).toContain('2 rows with a value in clear: the next start of a hub or command seals them');

    expect((await prepareFieldEncryption(client, COLUMNS)).converted).toEqual({ persons: 0, rows: 2 });
    for (const value of await stored()) expect(value).toMatch(/^sm4:v1:t1:/);
    expect((await prepareFieldEncryption(client, COLUMNS)).converted).toBeNull();
    expect((await keysStatus()).stdout).not.toContain('in clear');
  }, 120_000);

  it('a catalogue with another encrypted column (a department declared one) scans everything again, as does a start after one with encryption off', async () => {
    await client.query(`create schema fake_catalogue; create table fake_catalogue.note (id bigserial primary key, writer text)`);
    await client.query(`insert into fake_catalogue.note (writer) values ('王新列')`);
    const stored = await writeInClear('刘换目', '河南省焦作市武陟县换目村2号');
    const grown = new Set([...COLUMNS, 'fake_catalogue.note.writer']);
    expect((await prepareFieldEncryption(client, grown)).converted).toEqual({ persons: 0, rows: 3 });
    for (const value of await stored()) expect(value).toMatch(/^sm4:v1:t1:/);
    expect((await client.query(`select writer from fake_catalogue.note`)).rows[0].writer).toMatch(/^sm4:v1:t1:/);
    expect((await prepareFieldEncryption(client, grown)).converted).toBeNull();
    // Back to the registered catalogue (the department taken out again): another scan, then none.
    expect((await prepareFieldEncryption(client, COLUMNS)).converted).toEqual({ persons: 0, rows: 0 });
    expect((await prepareFieldEncryption(client, COLUMNS)).converted).toBeNull();

    process.env.CAREGRAPH_FIELD_ENCRYPTION = 'off';
    try {
      expect((await prepareFieldEncryption(client, COLUMNS)).converted).toEqual({ persons: 0, rows: 0 });
    } finally {
      delete process.env.CAREGRAPH_FIELD_ENCRYPTION;
    }
    const written = await writeInClear('刘关闭', '河南省焦作市武陟县关闭村3号');
    expect((await prepareFieldEncryption(client, COLUMNS)).converted).toEqual({ persons: 0, rows: 2 });
    for (const value of await written()) expect(value).toMatch(/^sm4:v1:t1:/);
    await client.query(`drop schema fake_catalogue cascade`);
  });
});
