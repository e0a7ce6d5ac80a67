import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { tempDirForFile } from '../support/temp-dir.js';
import { startImportCli, uploadFile } from '../support/intake-clients.js';
import { craftXlsx, row } from '../support/crafted-xlsx.js';
import { buildIdNumber } from '../../src/identity/id-number.js';
import { idNumberIndexes } from '../support/field-values.js';
import { summaryMessage } from '../../src/ingest/import-summary.js';
import os from 'node:os';

/** Files as county clerks really export them, through the HTTP route and the CLI against real PostgreSQL. */
const tmp = tempDirForFile('intake-real-');
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

const id = (n: number) => buildIdNumber('410823', '1970-05-06', n);
const upload = async (url: string, name: string, content: string | Buffer) => {
  const res = await uploadFile(hub.baseUrl, url, name, content as Buffer<ArrayBuffer>, await hub.as('civil-affairs'));
  return { ...res, size: JSON.stringify(res.body).length };
};
const ENROLMENT = '/import/civil-affairs/assistance-enrolment';

it('reads a ledger with a title, a unit line, its own column names, a lone line break and a 合计 row', async () => {
  const csv = [
    '武陟县2024年12月低保对象花名册,,,,,,',
    '单位：元,,,,,,',
    '业务编号,公民身份证号码,姓名,救助类别,保障状态,认定日期,救助金额（元）',
    `R-1,${id(1)},张三,低保,在保,2024-01-01,560`,
    `R-2,${id(2)},李四,低保,在保,2024-01-01,480\nR-3,${id(3)},王五,特困,在保,2024-02-01,900`,
    '合计,,,,,,1940',
  ].join('\r\n');
  const res = await upload(ENROLMENT, '花名册.csv', iconv.encode(csv, 'gbk'));
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ created: 3, rejected: 0, headerRow: 3, skippedTotalRows: 1, totalRowNumbers: [7], encoding: 'gb18030' });
  expect(res.body.message).toBe('共 3 条：新增 3，更新 0，未变 0，拒绝 0；跳过合计行 1（第7行）；表头在第3行，上方的标题行已跳过');
  expect(await hub.sql(`select source_record_id, monthly_amount::text from civil_affairs.assistance_enrolment where source_record_id like 'R-%' order by 1`)).toEqual([
    { source_record_id: 'R-1', monthly_amount: '560.00' },
    { source_record_id: 'R-2', monthly_amount: '480.00' },
    { source_record_id: 'R-3', monthly_amount: '900.00' },
  ]);
});

it('never stores garbled text: a row with bytes foreign to the encoding is rejected GARBLED_TEXT', async () => {
  const gbk = (text: string) => iconv.encode(text, 'gbk');
  const header = '来源记录号,身份证号,姓名,救助项目,状态,开始日期,月保障金额\r\n';
  const bytes = Buffer.concat([gbk(`${header}G-1,${id(11)},赵六,低保,在保,2024-01-01,500\r\nG-2,${id(12)},张`), Buffer.from([0x80, 0xff, 0x30]), gbk(',低保,在保,2024-01-01,500\r\n')]);
  const res = await upload(ENROLMENT, 'gbk.csv', bytes);
  expect(res.body).toMatchObject({ created: 1, rejected: 1 });
  expect(res.body.rejects[0]).toMatchObject({ row: 3, errors: [{ code: 'GARBLED_TEXT', field: 'name', message: expect.stringMatching(/^第3行「姓名」含有无法识别的字符（文件编码可能不是UTF-8或GBK）/) }] });
  expect(await hub.sql(`select p.name from core.person p where p.id_number_bidx = any($1) order by 1`, [idNumberIndexes([id(11), id(12)])])).toEqual([{ name: '赵六' }]);
});

describe('files that are no workbook answer a coded 400', () => {
  it.each([
    ['a PNG named .xlsx', Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'), '文件不是有效的 Excel (.xlsx) 文件：内容是PNG 图片'],
    ['an empty .xlsx', Buffer.alloc(0), '文件不是有效的 Excel (.xlsx) 文件：文件为空'],
    ['a truncated .xlsx', craftXlsx({ rowsXml: row(1, ['来源记录号']) }).subarray(0, 300), '文件不是有效的 Excel (.xlsx) 文件：文件不完整（可能上传被截断），请重新上传'],
  ])('%s', async (_, bytes, message) => {
    const res = await upload(ENROLMENT, 'ledger.xlsx', bytes);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({ message, extensions: { code: 'UNREADABLE_FILE' } });
  });
});

describe('a small upload gets a small answer', () => {
  const HEADER = ['来源记录号', '身份证号', '姓名', '救助项目', '状态', '开始日期', '月保障金额'];

  it('rows pointing at one 20 MB shared string are rejected CELL_TOO_LONG, and the answer stays small', async () => {
    const huge = 'A'.repeat(20 * 1024 * 1024);
    const sharedStringsXml = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="10" uniqueCount="1"><si><t>${huge}</t></si></sst>`;
    const rows = Array.from({ length: 10 }, (_, i) => `<row r="${i + 2}">${['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((c) => `<c r="${c}${i + 2}" t="s"><v>0</v></c>`).join('')}</row>`).join('');
    const xlsx = craftXlsx({ rowsXml: row(1, HEADER) + rows, sharedStringsXml });
    expect(xlsx.length).toBeLessThan(64 * 1024);
    const res = await upload(ENROLMENT, 'amplified.xlsx', xlsx);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 0, rejected: 10 });
    expect(res.body.rejects[0].errors[0]).toMatchObject({ code: 'CELL_TOO_LONG' });
    expect(res.size).toBeLessThan(200 * 1024);
  });

  it('a workbook whose shared strings would expand past 64 MB is refused 413 FILE_TOO_LARGE before they are read', async () => {
    const sharedStringsXml = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${'B'.repeat(65 * 1024 * 1024)}</t></si></sst>`;
    const res = await upload(ENROLMENT, 'bomb.xlsx', craftXlsx({ rowsXml: row(1, HEADER), sharedStringsXml }));
    expect(res.status).toBe(413);
    expect(res.body.errors[0]).toEqual({ message: expect.stringMatching(/共享字符串.*超过上限 64 MB/), extensions: { code: 'FILE_TOO_LARGE' } });
  });

  it('lists at most 1,000 rejected rows, says how many more and how to get them', async () => {
    const lines = [HEADER.join(',')];
    for (let i = 0; i < 1_100; i++) lines.push(`M-${i},${id(100 + (i % 800))},某人,低保,在保,2024-01-01,${'x'.repeat(300)}`);
    const res = await upload(`${ENROLMENT}?dryRun=true`, 'many.csv', lines.join('\n'));
    expect(res.body).toMatchObject({ rejected: 1_100, rejectsTruncated: true, rejectsNotListed: 100, rejectsHint: expect.stringMatching(/^另有 100 条被拒行未列出/) });
    expect(res.body.rejects).toHaveLength(1_000);
    expect(res.body.rejects[0].original[6].length).toBeLessThan(260);
  });
});

describe('?rejects=csv: every rejected row over HTTP', () => {
  const HEADER = ['来源记录号', '身份证号', '姓名', '救助项目', '状态', '开始日期', '月保障金额'];
  const download = async (url: string, name: string, content: string | Buffer, headers?: Record<string, string>) => {
    const form = new FormData();
    form.append('file', new Blob([content as Buffer<ArrayBuffer>]), name);
    const res = await fetch(`${hub.baseUrl}${url}`, { method: 'POST', body: form, headers: headers ?? (await hub.as('civil-affairs')) });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const leftovers = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('caregraph-rejects-'));
  const noLeftoversSoon = async (before: string[]) => {
    for (let i = 0; i < 100 && leftovers().some((f) => !before.includes(f)); i++) await new Promise((r) => setTimeout(r, 20));
    return leftovers().filter((f) => !before.includes(f));
  };

  it('answers all 1,100 rejected rows (not the JSON answer\'s 1,000) as the CLI writes them, the summary in X-Import-Summary, and leaves no temporary file', async () => {
    const before = leftovers();
    const lines = [HEADER.join(',')];
    for (let i = 0; i < 1_100; i++) lines.push(`M-${i},${id(100 + (i % 800))},某人,低保,在保,2024-01-01,${i === 7 ? '"=HYPERLINK(""http://x"",""点我"")"' : `${'x'.repeat(300)}`}`);
    const res = await download(`${ENROLMENT}?dryRun=true&rejects=csv`, '花名册.csv', lines.join('\n'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="rejects.csv"; filename*=UTF-8''${encodeURIComponent('花名册.rejects.csv')}`);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(res.bytes, { bom: true, relax_column_count: true });
    expect(rows).toHaveLength(1 + 1_100);
    expect(rows[0]).toEqual(['行号 row', '拒收原因 reasons', ...HEADER]);
    expect(rows[1]!.slice(0, 3)).toEqual(['2', expect.stringMatching(/^BAD_MONEY monthlyAmount: /), 'M-0']);
    expect(rows[1]![8]).toBe('x'.repeat(300)); // whole cells, as the CLI writes them (the JSON answer cuts them at 200)
    expect(rows[8]![8]).toBe(`'=HYPERLINK("http://x","点我")`); // a formula stays text in Excel
    expect(rows.at(-1)![2]).toBe('M-1099');
    const rawSummary = res.headers.get('x-import-summary')!;
    expect(rawSummary).toMatch(/^[\x20-\x7e]+$/);
    const summary = JSON.parse(rawSummary);
    expect(summary).toMatchObject({ rejected: 1_100, created: 0, dryRun: true, rejectsListed: 1_100, rejectsNotListed: 0 });
    expect(summary.message).toBe(summaryMessage(summary));
    expect(summary.message).toMatch(/^试运行（未保存）：共 1100 条/);
    expect(await noLeftoversSoon(before)).toEqual([]);
  });

  it('answers a file without rejects with the header line only, and stores what it accepted', async () => {
    const csv = `${HEADER.join(',')}\nD-1,${id(31)},周八,低保,在保,2024-01-01,500\n`;
    const res = await download(`${ENROLMENT}?rejects=csv`, 'ok.csv', csv);
    expect(res.status).toBe(200);
    expect(parse(res.bytes, { bom: true })).toEqual([['行号 row', '拒收原因 reasons', ...HEADER]]);
    expect(JSON.parse(res.headers.get('x-import-summary')!)).toMatchObject({ created: 1, rejected: 0, dryRun: false });
    const again = await upload(`${ENROLMENT}?dryRun=true`, 'ok.csv', csv);
    expect(again.body).toMatchObject({ unchanged: 1, created: 0 });
  });

  it('refuses an unknown rejects format, a caller without the write scope, and a broken file as JSON errors, with nothing left behind', async () => {
    const before = leftovers();
    const csv = `${HEADER.join(',')}\nE-1,${id(41)},某人,低保,在保,2024-01-01,abc\n`;
    const unknown = await download(`${ENROLMENT}?rejects=xlsx`, 'e.csv', csv);
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.bytes.toString()).errors[0]).toEqual({ message: expect.stringMatching(/^rejects: unknown value "xlsx"; the one value is csv/), extensions: { code: 'BAD_USER_INPUT' } });
    const denied = await download(`${ENROLMENT}?rejects=csv`, 'e.csv', csv, await hub.as('education'));
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.bytes.toString()).errors[0].extensions.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const png = await download(`${ENROLMENT}?rejects=csv`, 'photo.xlsx', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    expect(png.status).toBe(400);
    expect(JSON.parse(png.bytes.toString()).errors[0].extensions.code).toBe('UNREADABLE_FILE');
    expect(await noLeftoversSoon(before)).toEqual([]);
  });

  it('keeps the summary header within what HTTP clients read when a wide ledger has 600 unused columns', async () => {
    const extra = Array.from({ length: 600 }, (_, i) => `备注说明栏目第${i}列`);
    const csv = `${[...HEADER, ...extra].join(',')}\nW-1,${id(51)},某人,低保,在保,2024-01-01,abc${',x'.repeat(600)}\n`;
    const res = await download(`${ENROLMENT}?dryRun=true&rejects=csv`, 'wide.csv', csv);
    expect(res.status).toBe(200);
    const raw = res.headers.get('x-import-summary')!;
    expect(raw.length).toBeLessThanOrEqual(8 * 1024);
    expect(JSON.parse(raw)).toMatchObject({ rejected: 1, ignoredColumns: [], ignoredColumnCount: 600, message: null, summaryShortened: true, rejectsListed: 1 });
    expect(parse(res.bytes, { bom: true, relax_column_count: true })[0]).toHaveLength(2 + 7 + 600);
  });

  it('keeps an amplified cell cut at the accepted cell length: ten rows pointing at one 20 MB shared string answer ~300 KB, not 200 MB', async () => {
    const huge = 'A'.repeat(20 * 1024 * 1024);
    const sharedStringsXml = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="10" uniqueCount="1"><si><t>${huge}</t></si></sst>`;
    const rowsXml = Array.from({ length: 10 }, (_, i) => `<row r="${i + 2}">${['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((c) => `<c r="${c}${i + 2}" t="s"><v>0</v></c>`).join('')}</row>`).join('');
    const res = await download(`${ENROLMENT}?rejects=csv`, 'amplified.xlsx', craftXlsx({ rowsXml: row(1, HEADER) + rowsXml, sharedStringsXml }));
    expect(res.status).toBe(200);
    const rows: string[][] = parse(res.bytes, { bom: true, relax_column_count: true });
    expect(rows).toHaveLength(11);
    expect(rows[1]![1]).toMatch(/CELL_TOO_LONG/);
    expect(rows[1]![2]).toBe(`${'A'.repeat(4096)}…（共${20 * 1024 * 1024}个字符，已截断）`);
    expect(res.bytes.length).toBeLessThan(10 * 7 * 4200 + 10_000);
  });
});

describe('the CLI', () => {
  it('prints the summary in Chinese and writes formula cells of the rejects file as text', async () => {
    const file = path.join(tmp, 'formula.csv');
    fs.writeFileSync(file, `来源记录号,身份证号,姓名,救助项目,状态,开始日期,月保障金额\nF-1,${id(21)},"=HYPERLINK(""http://x"",""点我"")",低保,在保,2024-01-01,abc\n`);
    const run = await startImportCli(hub.dbUrl, ['--department', 'civil-affairs', '--kind', 'assistance-enrolment', '--file', file]).done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('共 1 条：新增 0，更新 0，未变 0，拒绝 1');
    const rejects: string[][] = parse(fs.readFileSync(`${file}.rejects.csv`), { bom: true, relax_column_count: true });
    expect(rejects[1]!.slice(2, 5)).toEqual(['F-1', id(21), `'=HYPERLINK("http://x","点我")`]);
  });

  it('refuses a PNG named .xlsx with UNREADABLE_FILE', async () => {
    const file = path.join(tmp, 'photo.xlsx');
    fs.writeFileSync(file, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const run = await startImportCli(hub.dbUrl, ['--department', 'civil-affairs', '--kind', 'assistance-enrolment', '--file', file]).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error UNREADABLE_FILE: 文件不是有效的 Excel (.xlsx) 文件：内容是PNG 图片');
  });
});
