import pg from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { fixturePersons, loadCountyFixture } from '../fixtures/county-fixture.js';
import { idNumberIndex } from '../support/field-values.js';
import { encryptInPlace } from '../../src/crypto/encrypt-in-place.js';
import { encryptedColumnsOf } from '../../src/crypto/encrypted-columns.js';
import { fieldEncryption } from '../../src/crypto/field-encryption.js';
import { departments } from '../../src/departments/registry.js';
import { maskName, maskPhone } from '../../src/auth/masking.js';

/**
 * Third parties in department records (#27): custodians, responsible persons, teachers, visitors,
 * assessors and disability certificate numbers are sealed by intake, opened by both read paths,
 * masked on their opened value, kept sealed in record history, and sealed in place when an older
 * database holds them in clear.
 */
let hub: TestHub;
let client: pg.Client;
let personId: string;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
  client = new pg.Client({ connectionString: hub.dbUrl });
  await client.connect();
  const [row] = await hub.sql<{ id: string }>(`select id::text from core.person where id_number_bidx = $1`, [idNumberIndex(wang.idNumber)]);
  personId = row!.id;
});
afterAll(async () => {
  await client?.end();
  await hub?.close();
});

const wang = fixturePersons[0]!;
const UPSERT = `mutation ($records: [CustodyAgreementIntake!]!) {
  upsertCustodyAgreements(records: $records) { created updated unchanged rejected records { status code message } }
}`;
const agreement = (extra: Record<string, unknown> = {}) => ({
  sourceRecordId: 'ENC-CUS-1', idNumber: wang.idNumber, name: wang.name, mode: '亲情托养',
  custodianName: '张秀兰', custodianPhone: '13912345678', signedDate: '2024-05-01', ...extra,
});
const stored = async () => (await hub.sql<{ custodian_name: string; custodian_phone: string; version: number }>(
  `select custodian_name, custodian_phone, version from civil_affairs.custody_agreement where source_record_id = 'ENC-CUS-1'`,
))[0]!;
const history = () => hub.sql<{ previous: string }>(`select previous::text from core.record_history where record_table = 'custody_agreement' and source_record_id = 'ENC-CUS-1' order by version`);
const READ = `query ($id: ID!) { person(id: $id) { civilAffairs { custodyAgreements { signedDate custodianName custodianPhone } } } }`;
/** The agreement of these tests (the fixture's person has no other signed that day). */
const mine = (body: any) => body.data.person.civilAffairs.custodyAgreements.find((a: any) => a.signedDate === '2024-05-01');

it('intake seals a custodian; an identical re-send is unchanged (no new version); an edit keeps the unchanged value\'s ciphertext', async () => {
  const headers = await hub.as('civil-affairs');
  const first = await hub.query(UPSERT, { records: [agreement()] }, headers);
  expect(first.body.errors).toBeUndefined();
  expect(first.body.data.upsertCustodyAgreements).toMatchObject({ created: 1, rejected: 0 });
  const sealed = await stored();
  expect(sealed.custodian_name).toMatch(/^sm4:v1:t1:/);
  expect(sealed.custodian_phone).toMatch(/^sm4:v1:t1:/);
  expect(fieldEncryption().open('civil_affairs.custody_agreement.custodian_phone', sealed.custodian_phone)).toBe('13912345678');

  // Sealing draws a fresh IV each time: only the opened comparison can tell the re-sent record is the same.
  const again = await hub.query(UPSERT, { records: [agreement()] }, headers);
  expect(again.body.data.upsertCustodyAgreements).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  expect(await stored()).toEqual(sealed);
  expect(await history()).toEqual([]);

  const edited = await hub.query(UPSERT, { records: [agreement({ custodianPhone: '13987654321' })] }, headers);
  expect(edited.body.data.upsertCustodyAgreements).toMatchObject({ updated: 1, unchanged: 0 });
  const after = await stored();
  expect(after.version).toBe(2);
  expect(after.custodian_name).toBe(sealed.custodian_name);
  expect(after.custodian_phone).not.toBe(sealed.custodian_phone);

  // The earlier version is kept as stored — sealed — and shown opened to an auditor.
  const [kept] = await history();
  expect(kept!.previous).not.toContain('13912345678');
  expect(kept!.previous).not.toContain('张秀兰');
  const audit = await hub.query(
    `{ recordHistory(department: CIVIL_AFFAIRS, kind: "custody-agreement", sourceRecordId: "ENC-CUS-1") { version changedFields previous } }`,
    {}, await hub.as('auditor', { purpose: 'AUDIT' }),
  );
  expect(audit.body.errors).toBeUndefined();
  expect(audit.body.data.recordHistory).toHaveLength(1);
  expect(audit.body.data.recordHistory[0].changedFields).toEqual(['custodian_phone']);
  expect(JSON.parse(audit.body.data.recordHistory[0].previous)).toMatchObject({ custodian_name: '张秀兰', custodian_phone: '13912345678', version: 1 });
});

it('opens the values on the compiled read and the resolver path alike, and masks the opened value', async () => {
  const compiled = await hub.countStatements(() => hub.query(READ, { id: personId }));
  expect(compiled.result.body.errors).toBeUndefined();
  expect(compiled.statements.filter((s) => s.startsWith('select json_build_object('))).toHaveLength(1);
  expect(mine(compiled.result.body)).toMatchObject({ custodianName: '张秀兰', custodianPhone: '13987654321' });

  // `age` has a resolver of its own: the operation goes the resolver way.
  const resolved = await hub.query(READ.replace('person(id: $id) {', 'person(id: $id) { age'), { id: personId });
  expect(resolved.body.errors).toBeUndefined();
  expect(mine(resolved.body)).toEqual(mine(compiled.result.body));

  const office = await hub.query(READ, { id: personId }, await hub.as('leading-group-office', { purpose: 'STATISTICS' }));
  expect(office.body.errors).toBeUndefined();
  expect(mine(office.body)).toMatchObject({ custodianName: maskName('张秀兰'), custodianPhone: maskPhone('13987654321') });
  expect(JSON.stringify(office.body.data)).not.toMatch(/sm4:|张秀兰|13987654321/);
});

it('a ciphertext moved to another record\'s column answers a coded field error, not the other value', async () => {
  await client.query(
    `update civil_affairs.custody_agreement set custodian_phone = (select custodian_name from civil_affairs.custody_agreement where source_record_id = 'ENC-CUS-1') where source_record_id = 'ENC-CUS-1'`,
  );
  const res = await hub.query(READ, { id: personId });
  expect(res.body.errors?.[0]?.extensions?.code).toBe('FIELD_DECRYPT_FAILED');
  expect(mine(res.body)).toEqual({ signedDate: '2024-05-01', custodianName: '张秀兰', custodianPhone: null });
  await hub.query(UPSERT, { records: [agreement({ custodianPhone: '13987654321' })] }, await hub.as('civil-affairs'));
  expect(mine((await hub.query(READ, { id: personId })).body)).toMatchObject({ custodianPhone: '13987654321' });
});

it('the in-place conversion seals department values and kept versions an older database holds in clear', async () => {
  const [{ id }] = await hub.sql<{ id: string }>(
    `insert into civil_affairs.care_visit (person_id, source_record_id, kind, visit_date, visitor) values ($1, 'ENC-VIS-OLD', 'FIELD_VISIT', '2024-06-01', '刘清白') returning id::text`,
    [personId],
  );
  await client.query(
    `insert into core.record_history (record_schema, record_table, record_id, source_record_id, version, previous, changed_fields)
     values ('civil_affairs', 'care_visit', $1, 'ENC-VIS-OLD', 1, jsonb_build_object('visitor', '刘旧名', 'kind', 'FIELD_VISIT'), '{visitor}')`,
    [id],
  );
  const converted = await encryptInPlace(client, fieldEncryption(), encryptedColumnsOf(departments));
  expect(converted.rows).toBe(2);
  const [visit] = await hub.sql<{ visitor: string }>(`select visitor from civil_affairs.care_visit where id = $1`, [id]);
  expect(visit!.visitor).toMatch(/^sm4:v1:t1:/);
  const [kept] = await hub.sql<{ previous: string }>(`select previous::text from core.record_history where source_record_id = 'ENC-VIS-OLD'`);
  expect(kept!.previous).not.toContain('刘旧名');
  expect(kept!.previous).toContain('"kind": "FIELD_VISIT"');
  // Idempotent: nothing is left in clear.
  expect(await encryptInPlace(client, fieldEncryption(), encryptedColumnsOf(departments))).toEqual({ persons: 0, rows: 0 });

  const visits = await hub.query(`query ($id: ID!) { person(id: $id) { civilAffairs { careVisits { visitor } } } }`, { id: personId });
  expect(visits.body.data.person.civilAffairs.careVisits).toContainEqual({ visitor: '刘清白' });
  const audit = await hub.query(
    `{ recordHistory(department: CIVIL_AFFAIRS, kind: "care-visit", sourceRecordId: "ENC-VIS-OLD") { previous } }`,
    {}, await hub.as('auditor', { purpose: 'AUDIT' }),
  );
  expect(JSON.parse(audit.body.data.recordHistory[0].previous)).toEqual({ visitor: '刘旧名', kind: 'FIELD_VISIT' });
});
