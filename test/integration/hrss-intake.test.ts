import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { tempDirForFile } from '../support/temp-dir.js';
import { startImportCli, uploadFile } from '../support/intake-clients.js';
import { fixturePersons, loadCountyFixture } from '../fixtures/county-fixture.js';
import { buildIdNumber } from '../../src/identity/id-number.js';
import { openIdNumber } from '../support/field-values.js';

/**
 * hrss (人社) ledgers through the intake contract: posts with their holders, pairings naming a
 * helper and a post, attendance by month, assessments — over GraphQL, the real CLI and HTTP.
 * The county fixture already holds posts HR-P-1..3 (詹店村 410823101001).
 */
const tmp = tempDirForFile('hrss-intake-test-');

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});

const RESULT = 'created updated unchanged rejected records { index sourceRecordId status code field message }';
const upsert = (mutation: string, input: string) => `mutation ($records: [${input}!]!) { ${mutation}(records: $records) { ${RESULT} } }`;
const UPSERT_POSTS = upsert('upsertMutualAidPosts', 'MutualAidPostIntake');
const UPSERT_PAIRINGS = upsert('upsertMutualAidPairings', 'MutualAidPairingIntake');
const UPSERT_ATTENDANCE = upsert('upsertPostAttendance', 'PostAttendanceIntake');

const [wang, li, xiaoming, , liuFang, , chenJing, zhao] = fixturePersons as [typeof fixturePersons[0], ...typeof fixturePersons];
const newHolder = buildIdNumber('410823', '1980-02-03', 201); // odd sequence: male; unknown to the hub
const outcome = (res: any, mutation: string) => { if (!res.body.data?.[mutation]) throw new Error(JSON.stringify(res.body.errors)); return res.body.data[mutation].records.map((r: any) => [r.sourceRecordId, r.status, r.code, r.field]); };

const post = (id: string, holder: { idNumber: string; name: string }, extra: Record<string, unknown> = {}) => ({
  sourceRecordId: id, idNumber: holder.idNumber, name: holder.name, postType: '互助养老', villageCode: '410823101001',
  workPattern: '按小时计酬', subsidyKind: '岗位补贴', monthlySubsidy: '600', startDate: '2025/9/1', status: '在岗', ...extra,
});
const pairing = (id: string, helped: { idNumber: string; name: string }, extra: Record<string, unknown> = {}) => ({
  sourceRecordId: id, idNumber: helped.idNumber, name: helped.name, helperIdNumber: wang!.idNumber, postSourceRecordId: 'HR-P-1',
  services: '代购药品', startDate: '2025-09-10', ...extra,
});

it('creates posts with their holders: a known holder is found, an unknown one created from the ID number', async () => {
  const res = await hub.query(UPSERT_POSTS, {
    records: [post('HRI-P-1', wang!), post('HRI-P-2', { idNumber: newHolder.toLowerCase(), name: '周新' }, { postType: 'CHILDCARE', endDate: null })],
  }, await hub.as('hrss'));
  expect(res.body.errors).toBeUndefined();
  expect(outcome(res, 'upsertMutualAidPosts')).toEqual([['HRI-P-1', 'CREATED', null, null], ['HRI-P-2', 'CREATED', null, null]]);
  const rows = await hub.sql(
    `select t.source_record_id, p.id_number, p.name, p.gender, t.post_type, t.village_code, t.work_pattern, t.monthly_subsidy::text, t.start_date::text, t.status, t.ingested_by
       from hrss.post t join core.person p on p.id = t.person_id where t.source_record_id like 'HRI-P-%' order by 1`,
  );
  expect(rows.map((r) => ({ ...r, id_number: openIdNumber(r.id_number) }))).toEqual([
    { source_record_id: 'HRI-P-1', id_number: wang!.idNumber, name: '王建国', gender: 'MALE', post_type: 'ELDERLY_CARE', village_code: '410823101001', work_pattern: 'HOURLY', monthly_subsidy: '600.00', start_date: '2025-09-01', status: 'ACTIVE', ingested_by: 'hrss@all' },
    { source_record_id: 'HRI-P-2', id_number: newHolder, name: '周新', gender: 'MALE', post_type: 'CHILDCARE', village_code: '410823101001', work_pattern: 'HOURLY', monthly_subsidy: '600.00', start_date: '2025-09-01', status: 'ACTIVE', ingested_by: 'hrss@all' },
  ]);
});

it('rejects an unknown or malformed village code, naming the field, and stores the neighbours', async () => {
  const res = await hub.query(UPSERT_POSTS, {
    records: [post('HRI-P-3', li!), post('HRI-P-4', li!, { villageCode: '410823101999' }), post('HRI-P-5', li!, { villageCode: '4108231' })],
  }, await hub.as('hrss'));
  expect(outcome(res, 'upsertMutualAidPosts')).toEqual([
    ['HRI-P-3', 'CREATED', null, null],
    ['HRI-P-4', 'REJECTED', 'REGION_NOT_FOUND', 'villageCode'],
    ['HRI-P-5', 'REJECTED', 'BAD_REGION_CODE', 'villageCode'],
  ]);
  expect(res.body.data.upsertMutualAidPosts.records[1].message).toContain('410823101999');
  expect(await hub.sql(`select source_record_id from hrss.post where source_record_id like 'HRI-P-%' order by 1`)).toEqual(
    ['HRI-P-1', 'HRI-P-2', 'HRI-P-3'].map((source_record_id) => ({ source_record_id })),
  );
});

it('stores pairings with the helper resolved by ID number and the post by its ledger key', async () => {
  const res = await hub.query(UPSERT_PAIRINGS, {
    records: [pairing('HRI-R-1', xiaoming!), pairing('HRI-R-2', zhao!, { helperIdNumber: ` ${newHolder.toLowerCase()} `, postSourceRecordId: 'HRI-P-2' })],
  }, await hub.as('hrss'));
  expect(outcome(res, 'upsertMutualAidPairings')).toEqual([['HRI-R-1', 'CREATED', null, null], ['HRI-R-2', 'CREATED', null, null]]);
  const rows = await hub.sql(
    `select r.source_record_id, r.person_id::int as helped, h.id_number as helper, p.source_record_id as post
       from hrss.pairing r join core.person h on h.id = r.helper_person_id join hrss.post p on p.id = r.post_id
      where r.source_record_id like 'HRI-R-%' order by 1`,
  );
  expect(rows.map((r) => ({ ...r, helper: openIdNumber(r.helper) }))).toEqual([
    { source_record_id: 'HRI-R-1', helped: xiaoming!.id, helper: wang!.idNumber, post: 'HR-P-1' },
    { source_record_id: 'HRI-R-2', helped: zhao!.id, helper: newHolder, post: 'HRI-P-2' },
  ]);
  // Both ends read the pairing back through the API.
  const read = await hub.query(`query ($id: String!) { personByIdNumber(idNumber: $id) { hrss { pairingsAsHelper { services helped { name } } } } }`, { id: newHolder });
  expect(read.body.data.personByIdNumber.hrss.pairingsAsHelper).toEqual([{ services: '代购药品', helped: { name: '赵强' } }]);
});

it('rejects an unknown post or helper with REFERENCE_NOT_FOUND naming the field, creates nobody for it, and stores its neighbours', async () => {
  const stranger = buildIdNumber('410823', '1950-07-07', 302);
  const res = await hub.query(UPSERT_PAIRINGS, {
    records: [
      pairing('HRI-R-3', li!),
      pairing('HRI-R-4', { idNumber: stranger, name: '吴某' }, { postSourceRecordId: 'NO-SUCH-POST' }),
      pairing('HRI-R-5', chenJing!, { helperIdNumber: buildIdNumber('410823', '1970-01-01', 999) }),
      pairing('HRI-R-6', liuFang!),
    ],
  }, await hub.as('hrss'));
  expect(outcome(res, 'upsertMutualAidPairings')).toEqual([
    ['HRI-R-3', 'CREATED', null, null],
    ['HRI-R-4', 'REJECTED', 'REFERENCE_NOT_FOUND', 'postSourceRecordId'],
    ['HRI-R-5', 'REJECTED', 'REFERENCE_NOT_FOUND', 'helperIdNumber'],
    ['HRI-R-6', 'CREATED', null, null],
  ]);
  expect(res.body.data.upsertMutualAidPairings.records[1].message).toMatch(/NO-SUCH-POST/);
  expect(await hub.sql(`select 1 from core.person where id_number = $1`, [stranger])).toEqual([]);
  expect(await hub.sql(`select source_record_id from hrss.pairing where source_record_id in ('HRI-R-3', 'HRI-R-4', 'HRI-R-5', 'HRI-R-6') order by 1`)).toEqual([
    { source_record_id: 'HRI-R-3' }, { source_record_id: 'HRI-R-6' },
  ]);
});

it('reads attendance months in the forms ledgers write them and stores the first of the month', async () => {
  const month = (id: string, value: unknown) => ({
    sourceRecordId: id, idNumber: wang!.idNumber, name: wang!.name, postSourceRecordId: 'HRI-P-1', month: value, daysRequired: 10, daysPresent: 9,
  });
  const forms = ['2025-03', '2025年4月', '2025/5/17', '202507', '45823', '2025.8'];
  const res = await hub.query(UPSERT_ATTENDANCE, {
    records: [...forms.map((f, i) => month(`HRI-A-${i + 1}`, f)), month('HRI-A-7', '2025-13'), month('HRI-A-8', '2025')],
  }, await hub.as('hrss'));
  expect(res.body.data.upsertPostAttendance).toMatchObject({ created: 6, rejected: 2 });
  expect(outcome(res, 'upsertPostAttendance').slice(6)).toEqual([['HRI-A-7', 'REJECTED', 'BAD_MONTH', 'month'], ['HRI-A-8', 'REJECTED', 'BAD_MONTH', 'month']]);
  const rows = await hub.sql(`select month::text from hrss.attendance where source_record_id like 'HRI-A-%' order by source_record_id`);
  expect(rows.map((r) => r.month)).toEqual(['2025-03-01', '2025-04-01', '2025-05-01', '2025-07-01', '2025-06-01', '2025-08-01']);
});

it('refuses a civil-affairs caller on every hrss kind, over GraphQL and HTTP, and writes nothing', async () => {
  const headers = await hub.as('civil-affairs');
  const res = await hub.query(UPSERT_POSTS, { records: [post('HRI-P-X', wang!)] }, headers);
  expect(res.body.data.upsertMutualAidPosts).toBeNull();
  expect(res.body.errors![0]!.extensions!.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  for (const kind of ['post', 'pairing', 'attendance', 'assessment']) {
    const http = await upload(`/import/hrss/${kind}`, 'x.csv', 'a,b\n1,2\n', headers);
    expect({ kind, status: http.status, code: http.body.errors[0].extensions.code }).toEqual({ kind, status: 403, code: 'UNAUTHORIZED_FIELD_OR_TYPE' });
  }
  expect(await hub.sql(`select 1 from hrss.post where source_record_id = 'HRI-P-X'`)).toEqual([]);
});

it('confines a region-scoped hrss writer: a village or a post outside its region is refused', async () => {
  const headers = await hub.as('hrss', { region: '410823102' }); // 西陶镇
  const posts = await hub.query(UPSERT_POSTS, {
    records: [post('HRI-P-6', liuFang!, { villageCode: '410823102001' }), post('HRI-P-7', liuFang!)],
  }, headers);
  expect(outcome(posts, 'upsertMutualAidPosts')).toEqual([['HRI-P-6', 'CREATED', null, null], ['HRI-P-7', 'REJECTED', 'OUT_OF_REGION', 'villageCode']]);
  const pairings = await hub.query(UPSERT_PAIRINGS, {
    records: [pairing('HRI-R-7', chenJing!, { helperIdNumber: liuFang!.idNumber, postSourceRecordId: 'HRI-P-6' }), pairing('HRI-R-8', chenJing!, { helperIdNumber: liuFang!.idNumber })],
  }, headers);
  // HR-P-1 is held in 詹店镇: for this writer it does not exist.
  expect(outcome(pairings, 'upsertMutualAidPairings')).toEqual([['HRI-R-7', 'CREATED', null, null], ['HRI-R-8', 'REJECTED', 'REFERENCE_NOT_FOUND', 'postSourceRecordId']]);
});

it('ends a post softly with its end mutation', async () => {
  const res = await hub.query(`mutation { endMutualAidPosts(sourceRecordIds: ["HRI-P-3"], endDate: "2026-01-31") { ${RESULT} } }`, {}, await hub.as('hrss'));
  expect(res.body.data.endMutualAidPosts).toMatchObject({ updated: 1 });
  expect(await hub.sql(`select status, end_date::text from hrss.post where source_record_id = 'HRI-P-3'`)).toEqual([{ status: 'ENDED', end_date: '2026-01-31' }]);
});

const upload = (url: string, name: string, content: string, headers: Record<string, string>) => uploadFile(hub.baseUrl, url, name, '\uFEFF' + content, headers);
const cli = (...args: string[]) => startImportCli(hub.dbUrl, ['--no-progress', ...args]).done;

describe('files with Chinese headers', () => {
  const assessments = [
    '考核编号,上岗人员身份证号,上岗人员姓名,岗位编号,考核期末,考核结果,考核得分,考核人',
    `HRI-S-1,${wang!.idNumber},王建国,HRI-P-1,2025/12/31,优秀,93,村委会`,
    `HRI-S-2,${wang!.idNumber},王建国,NO-SUCH-POST,2025/12/31,合格,80,村委会`,
    `HRI-S-3,${newHolder},周新,HRI-P-2,2025-12-31,基本合格,,`,
  ].join('\r\n');

  it('imports assessments through the CLI, reports the unknown post in the rejects file, and re-imports unchanged', async () => {
    const file = path.join(tmp, 'assessment.csv');
    fs.writeFileSync(file, '\uFEFF' + assessments);
    const first = await cli('--department', 'hrss', '--kind', 'assessment', '--file', file);
    expect(first.code).toBe(0);
    expect(first.summary).toMatchObject({ created: 2, rejected: 1, ignoredColumns: [] });
    const rejects: string[][] = parse(fs.readFileSync(`${file}.rejects.csv`), { bom: true });
    expect(rejects.slice(1).map((r) => [r[0], r[1]!.split(':')[0], r[2]])).toEqual([['3', 'REFERENCE_NOT_FOUND postSourceRecordId', 'HRI-S-2']]);
    const again = await cli('--department', 'hrss', '--kind', 'assessment', '--file', file);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 1 });
    expect(await hub.sql(`select a.result, a.score, p.source_record_id as post from hrss.assessment a join hrss.post p on p.id = a.post_id where a.source_record_id like 'HRI-S-%' order by a.source_record_id`)).toEqual([
      { result: 'EXCELLENT', score: 93, post: 'HRI-P-1' },
      { result: 'BASICALLY_QUALIFIED', score: null, post: 'HRI-P-2' },
    ]);
  });

  it('lets the hrss partner import attendance over HTTP', async () => {
    const csv = ['考勤编号,上岗人员身份证号,上岗人员姓名,岗位编号,考勤月份,应出勤天数,实际出勤天数', `HRI-A-20,${wang!.idNumber},王建国,HR-P-1,2025年10月,10,10`].join('\n');
    const res = await upload('/import/hrss/attendance', 'attendance.csv', csv, await hub.as('hrss'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, rejected: 0 });
    expect(await hub.sql(`select month::text, post_id::int from hrss.attendance where source_record_id = 'HRI-A-20'`)).toEqual([{ month: '2025-10-01', post_id: 1 }]);
  });
});
