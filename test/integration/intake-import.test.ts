import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { tempDirForFile } from '../support/temp-dir.js';
import { startImportCli, uploadFile } from '../support/intake-clients.js';
import { ids } from '../fixtures/intake/make-intake-fixtures.js';
import pg from 'pg';
import { buildIdNumber } from '../../src/identity/id-number.js';
import { resolvePersons } from '../../src/ingest/identity-resolution.js';
import type { ValidRecord } from '../../src/ingest/validate-row.js';
import { idNumberIndexes, openIdNumber } from '../support/field-values.js';

/** A row read with SQL, its stored (encrypted) ID number opened. */
const opened = <R extends { id_number: string }>(r: R): R => ({ ...r, id_number: openIdNumber(r.id_number) });

/** Real files through the real CLI (a child process) and the HTTP import route. */
const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/intake');
const tmp = tempDirForFile('intake-test-');

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

const startCli = (args: string[]) => startImportCli(hub.dbUrl, args);
const cli = (...args: string[]) => startCli(args).done;
const copy = (name: string) => {
  const to = path.join(tmp, name);
  fs.copyFileSync(path.join(fixtures, name), to);
  return to;
};

it('imports a UTF-8 (BOM) CSV with Chinese headers, reporting every rejected row with its line and reasons', async () => {
  const file = copy('care-visit.zh.utf8-bom.csv');
  const run = await cli('--department', 'civil-affairs', '--kind', 'care-visit', '--file', file);
  expect(run.stderr).not.toMatch(/error/);
  expect(run.code).toBe(0);
  expect(run.summary).toMatchObject({ created: 4, updated: 0, unchanged: 0, rejected: 4, issuesRaised: 1, encoding: 'utf-8' });

  const rejects: string[][] = parse(fs.readFileSync(`${file}.rejects.csv`), { bom: true, relax_column_count: true });
  expect(rejects[0]).toEqual(['行号 row', '拒收原因 reasons', '来源记录号', '身份证号', '姓名', '走访类型', '走访日期', '走访人', '备注']);
  expect(rejects[3]!.slice(2)).toEqual(['CV-5', ids.d, '钱七', '聊天', '2024-03-01', '', '']);
  const codes = rejects.slice(1).map((r) => `${r[0]} ${r[1]}`);
  expect(codes).toEqual([
    expect.stringMatching(/^5 DUPLICATE_SOURCE_RECORD_ID sourceRecordId: .*在第10行再次出现/),
    expect.stringMatching(/^7 ID_NUMBER_BAD_CHECK_CHARACTER idNumber/),
    expect.stringMatching(/^8 UNKNOWN_ENUM_VALUE kind: .*"聊天"/),
    expect.stringMatching(/^9 WRONG_COLUMN_COUNT: 第9行有4个单元格，表头有7列/),
  ]);

  const visits = await hub.sql(
    `select v.source_record_id, p.id_number, v.kind, v.visit_date::text, v.notes from civil_affairs.care_visit v join core.person p on p.id = v.person_id order by 1`,
  );
  expect(visits.map(opened)).toEqual([
    { source_record_id: 'CV-1', id_number: ids.a, kind: 'FIELD_VISIT', visit_date: '2024-03-01', notes: '家中有困难,需要帮扶\n下次回访' },
    { source_record_id: 'CV-2', id_number: ids.b, kind: 'PHONE_FOLLOW_UP', visit_date: '2024-03-02', notes: null },
    { source_record_id: 'CV-3', id_number: ids.c, kind: 'MICRO_WISH', visit_date: '2024-03-01', notes: '他说"想要书包"' },
    { source_record_id: 'CV-7', id_number: ids.a, kind: 'MATERIAL_AID', visit_date: '2024-03-05', notes: null },
  ]);
  const people = await hub.sql(`select id_number, name, gender, birth_date::text from core.person where id_number_bidx = any($1)`, [idNumberIndexes([ids.a, ids.b])]);
  expect(people.map(opened).sort((x, y) => x.id_number.localeCompare(y.id_number))).toEqual([
    { id_number: ids.a, name: '张三', gender: 'MALE', birth_date: '1960-02-10' },
    { id_number: ids.b, name: '李四', gender: 'FEMALE', birth_date: '1975-08-01' },
  ]);
  expect(await hub.sql(`select kind, stated_value, stored_value, source_record_id from core.data_quality_issue`)).toEqual([
    { kind: 'NAME_MISMATCH', stated_value: '张叁', stored_value: '张三', source_record_id: 'CV-7' },
  ]);
});

it('re-importing the same file changes nothing', async () => {
  const run = await cli('--department', 'civil-affairs', '--kind', 'care-visit', '--file', copy('care-visit.zh.utf8-bom.csv'));
  expect(run.summary).toMatchObject({ created: 0, updated: 0, unchanged: 4, rejected: 4, issuesRaised: 0 });
  expect(await hub.sql(`select count(*)::int as n from core.record_history`)).toEqual([{ n: 0 }]);
});

it('detects a GBK CSV exported by Excel', async () => {
  const run = await cli('--department', 'civil-affairs', '--kind', 'care-visit', '--file', copy('care-visit.zh.gbk.csv'));
  expect(run.summary).toMatchObject({ created: 2, rejected: 0, encoding: 'gb18030' });
  expect(await hub.sql(`select notes from civil_affairs.care_visit where source_record_id = 'CV-G1'`)).toEqual([{ notes: '生活困难，需关注' }]);
});

it('reads English headers, lowercase enums, 20240101 dates and 1,200.5 amounts, and links the household', async () => {
  const run = await cli('--department', 'civil-affairs', '--kind', 'assistance-enrolment', '--file', copy('assistance-enrolment.en.utf8.csv'), '--encoding', 'utf-8');
  expect(run.summary).toMatchObject({ created: 2, rejected: 1 });
  expect(await hub.sql(`select source_record_id, program, start_date::text, monthly_amount::text from civil_affairs.assistance_enrolment where source_record_id like 'AE-%' order by 1`)).toEqual([
    { source_record_id: 'AE-1', program: 'DIBAO', start_date: '2024-01-01', monthly_amount: '560.00' },
    { source_record_id: 'AE-2', program: 'DIBAO', start_date: '2024-01-01', monthly_amount: '1200.50' },
  ]);
  const members = await hub.sql(
    `select p.id_number, p.relation_to_head from core.person p join core.household h on h.id = p.household_id where h.household_number = '4108231019990001'`,
  );
  expect(members.map(opened).sort((x, y) => x.id_number.localeCompare(y.id_number))).toEqual([
    { id_number: ids.a, relation_to_head: 'HEAD' },
    { id_number: ids.c, relation_to_head: 'GRANDCHILD' },
  ]);
});

it('imports an XLSX with date cells, text dates and Excel serials', async () => {
  const run = await cli('--department', 'civil-affairs', '--kind', 'assistance-enrolment', '--file', copy('assistance-enrolment.zh.xlsx'));
  expect(run.summary).toMatchObject({ created: 3, rejected: 0 });
  expect(await hub.sql(`select source_record_id, program, start_date::text, monthly_amount::text from civil_affairs.assistance_enrolment where source_record_id like 'AX-%' order by 1`)).toEqual([
    { source_record_id: 'AX-1', program: 'DIBAO', start_date: '2024-03-01', monthly_amount: '560.00' },
    { source_record_id: 'AX-2', program: 'TEKUN', start_date: '2024-03-01', monthly_amount: '880.00' },
    { source_record_id: 'AX-3', program: 'DIBAO', start_date: '2024-03-01', monthly_amount: '300.00' },
  ]);
});

it('a dry run reports the same counts and keeps nothing', async () => {
  const file = path.join(tmp, 'dry.csv');
  fs.writeFileSync(file, `来源记录号,身份证号,姓名,走访类型,走访日期\nDRY-1,${ids.e},孙八,上门走访,2024-05-01\n`);
  const run = await cli('--department', 'civil-affairs', '--kind', 'care-visit', '--file', file, '--dry-run');
  expect(run.summary).toMatchObject({ created: 1, dryRun: true });
  expect(await hub.sql(`select 1 from civil_affairs.care_visit where source_record_id = 'DRY-1'`)).toEqual([]);
});

it('refuses a file missing a required column before touching any row', async () => {
  const file = path.join(tmp, 'missing.csv');
  fs.writeFileSync(file, `来源记录号,身份证号,姓名,走访日期\nMISS-1,${ids.e},孙八,2024-05-01\n`);
  const run = await cli('--department', 'civil-affairs', '--kind', 'care-visit', '--file', file);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/MISSING_COLUMN: 缺少必填列：走访类型 \(kind\)/);
});

it('a batch naming persons another import is creating at the same moment links to them, each created once', async () => {
  // Import A has inserted the persons but not committed; import B looks them up (not visible yet),
  // its insert waits for A and then does nothing: B must find them once A commits.
  const idNumbers = Array.from({ length: 40 }, (_, i) => buildIdNumber('410823', `1962-0${1 + (i % 9)}-2${i % 8}`, 300 + i));
  const records = idNumbers.map((idNumber, i): ValidRecord => ({
    rowNumber: i + 2, sourceRecordId: `RACE-${i}`, sourceUpdatedAt: null, householdNumber: null, relationToHead: null, values: [], contradictions: [],
    person: { idNumber, name: `同人${i}`, gender: 'MALE', birthDate: `1962-0${1 + (i % 9)}-2${i % 8}` },
  }));
  const [a, b] = [new pg.Client({ connectionString: hub.dbUrl }), new pg.Client({ connectionString: hub.dbUrl })];
  await Promise.all([a.connect(), b.connect()]);
  try {
    await a.query('begin');
    const byA = await resolvePersons(a, records);
    await b.query('begin');
    const pendingB = resolvePersons(b, [...records].reverse());
    await new Promise((r) => setTimeout(r, 300));
    await a.query('commit');
    const byB = await pendingB;
    await b.query('commit');
    expect(byB.size).toBe(40);
    for (const idNumber of idNumbers) expect(byB.get(idNumber)!.id).toBe(byA.get(idNumber)!.id);
    const stored = await hub.sql(`select count(*)::int as n from core.person where id_number_bidx = any($1::text[])`, [idNumberIndexes(idNumbers)]);
    expect(stored[0].n).toBe(40);
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
});

it('an interrupted import re-run completes without duplicates', async () => {
  const file = path.join(tmp, 'big.csv');
  const rows = 40_000;
  const lines = ['来源记录号,身份证号,姓名,走访类型,走访日期'];
  for (let i = 0; i < rows; i++) {
    const id = buildIdNumber('410823', `19${String(50 + (i % 50)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`, 100 + (i % 800));
    lines.push(`BIG-${i},${id},某人${i % 800},电话问候,2024-06-01`);
  }
  fs.writeFileSync(file, lines.join('\n'));
  const first = startCli(['--department', 'civil-affairs', '--kind', 'care-visit', '--file', file, '--batch-size', '500']);
  const count = async () => (await hub.sql(`select count(*)::int as n from civil_affairs.care_visit where source_record_id like 'BIG-%'`))[0].n as number;
  let exited = false;
  void first.done.then(() => (exited = true));
  while (!exited && (await count()) < 1000) await new Promise((r) => setTimeout(r, 20));
  expect(exited).toBe(false);
  process.kill(-first.child.pid!, 'SIGKILL');
  await first.done;
  const atKill = await count();
  expect(atKill).toBeLessThan(rows);

  const second = await cli('--department', 'civil-affairs', '--kind', 'care-visit', '--file', file);
  expect(second.summary.created + second.summary.unchanged).toBe(rows);
  expect(second.summary.unchanged).toBeGreaterThanOrEqual(atKill);
  expect(await count()).toBe(rows);
});

describe('POST /import/:department/:kind', () => {
  const upload = (url: string, name: string, headers: Record<string, string>, content?: string) =>
    uploadFile(hub.baseUrl, url, name, content ?? fs.readFileSync(path.join(fixtures, name)), headers);

  it('imports a file for a caller with the write scope', async () => {
    const res = await upload('/import/civil-affairs/care-visit?dryRun=true', 'care-visit.zh.gbk.csv', await hub.as('civil-affairs'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ unchanged: 2, rejected: 0, encoding: 'gb18030', dryRun: true });
  });

  it('lists rejected rows with their original cells', async () => {
    const res = await upload('/import/civil-affairs/assistance-enrolment', 'assistance-enrolment.en.utf8.csv', await hub.as('civil-affairs'));
    expect(res.body).toMatchObject({ unchanged: 2, rejected: 1, rejectsTruncated: false });
    expect(res.body.rejects).toEqual([
      expect.objectContaining({ row: 4, sourceRecordId: 'AE-3', original: ['AE-3', ids.d, '钱七', 'TEKUN', 'ACTIVE', '2024-01-01', 'abc', '', ''] }),
    ]);
    expect(res.body.rejects[0].errors[0]).toMatchObject({ code: 'BAD_MONEY', field: 'monthlyAmount' });
  });

  it("refuses a caller writing another department's records", async () => {
    const res = await upload('/import/civil-affairs/care-visit', 'care-visit.zh.gbk.csv', await hub.as('education'));
    expect(res.status).toBe(403);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });

  it('answers a CSV that cannot be parsed with a coded error naming the line', async () => {
    const content = `来源记录号,身份证号,姓名,走访类型,走访日期,备注\nQ-1,${ids.e},孙八,上门走访,2024-05-01,他说3"5\nQ-2,${ids.e},孙八,上门走访,2024-05-02,"没有结束的引号\n`;
    const res = await upload('/import/civil-affairs/care-visit?dryRun=true', 'broken.csv', await hub.as('civil-affairs'), content);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('UNREADABLE_FILE');
    expect(res.body.errors[0].message).toMatch(/^CSV 文件无法读取（第\d+行附近）：.*Quote Not Closed/);
  });

  it('refuses an unauthenticated upload', async () => {
    const res = await upload('/import/civil-affairs/care-visit', 'care-visit.zh.gbk.csv', {});
    expect(res.status).toBe(401);
  });
});
