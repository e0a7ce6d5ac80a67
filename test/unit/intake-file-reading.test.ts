import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { civilAffairsIntake } from '../../src/departments/civil-affairs/civil-affairs.intake.js';
import { buildIdNumber } from '../../src/identity/id-number.js';
import type { IntakeKind } from '../../src/contract/intake-kind.js';
import type { SourceRecord } from '../../src/ingest/intake-pipeline.js';
import { openTextFile } from '../../src/ingest/sources/text-file.js';
import { csvRecords } from '../../src/ingest/sources/csv-source.js';
import { xlsxRecords } from '../../src/ingest/sources/xlsx-source.js';
import { mapHeader, type HeaderMapping } from '../../src/ingest/sources/header-map.js';
import { RejectsFile } from '../../src/ingest/rejects-file.js';
import { summaryMessage } from '../../src/ingest/import-summary.js';
import { craftXlsx, row } from '../support/crafted-xlsx.js';

/** How files are read, before any row reaches the database: header, encoding, rows, limits. */
const careVisit = civilAffairsIntake.find((k) => k.name === 'care-visit')!;
const enrolment = civilAffairsIntake.find((k) => k.name === 'assistance-enrolment')!;
const id = (n: number) => buildIdNumber('410823', '1960-02-10', n);
const HEADER = '来源记录号,身份证号,姓名,走访类型,走访日期';

interface Read {
  records: SourceRecord[];
  header: HeaderMapping | null;
  totalRows: number[];
  encoding: string;
}

async function readCsv(content: string | Buffer, kind: IntakeKind = careVisit): Promise<Read> {
  const out: Read = { records: [], header: null, totalRows: [], encoding: '' };
  const { text, encoding } = await openTextFile(Readable.from([Buffer.from(content)]));
  for await (const r of csvRecords(text, kind, { onHeader: (m) => (out.header = m), onTotalRow: (n) => out.totalRows.push(n) })) out.records.push(r);
  out.encoding = encoding();
  return out;
}

async function readXlsx(content: Buffer, kind: IntakeKind = careVisit, limits?: { sharedStringsBytes: number; uncompressedBytes: number }): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of xlsxRecords(Readable.from([content]), kind, {}, limits)) out.push(r);
  return out;
}

const failure = async (p: Promise<unknown>) => p.then(() => null, (err: Error & { code?: string }) => ({ code: err.code, message: err.message }));

describe('header row', () => {
  it('is found below a title and a unit line; rows keep their physical numbers', async () => {
    const csv = `2024年第一季度关爱走访台账,,,,\n单位：元,,,,\n${HEADER}\nA-1,${id(1)},张三,上门走访,2024-03-01\n`;
    const read = await readCsv(csv);
    expect(read.header).toMatchObject({ headerRow: 3, fields: ['sourceRecordId', 'idNumber', 'name', 'kind', 'visitDate'] });
    expect(read.records.map((r) => [r.rowNumber, r.values?.sourceRecordId])).toEqual([[4, 'A-1']]);
  });

  it('missing from the first 20 rows stops the file with MISSING_COLUMN naming the closest row', async () => {
    const csv = `${Array.from({ length: 25 }, (_, i) => `说明${i},,`).join('\n')}\n${HEADER}\n`;
    expect(await failure(readCsv(csv))).toEqual({ code: 'MISSING_COLUMN', message: expect.stringMatching(/^缺少必填列：来源记录号 \(sourceRecordId\)/) });
    expect(await failure(readCsv(`来源记录号,身份证号,姓名\nA-1,${id(1)},张三\n`))).toEqual({ code: 'MISSING_COLUMN', message: expect.stringMatching(/走访类型 \(kind\).*最接近表头的是第1行/) });
  });
});

describe('header aliases', () => {
  it('reads the names departments give their columns', () => {
    const m = mapHeader(enrolment, ['业务编号', '公民身份证号码', '姓名', '救助类别', '保障状态', '认定日期', '救助金额（元）']);
    expect(m.fields).toEqual(['sourceRecordId', 'idNumber', 'name', 'program', 'status', 'startDate', 'monthlyAmount']);
    expect(m.headers).toMatchObject({ idNumber: '公民身份证号码', monthlyAmount: '救助金额（元）' });
    expect(mapHeader(enrolment, ['来源记录号', '身份证号码', '姓名', '救助项目', '状态', '开始日期', '月救助金额/元']).fields[6]).toBe('monthlyAmount');
  });
});

describe('sum rows', () => {
  it.each(['合计', '合 计', '总计：', '小计'])('a trailing %s row is skipped and noted, not rejected', async (label) => {
    const read = await readCsv(`${HEADER}\nA-1,${id(1)},张三,上门走访,2024-03-01\n${label},,,,\n`);
    expect(read.records.map((r) => r.rowNumber)).toEqual([2]);
    expect(read.totalRows).toEqual([3]);
  });

  it('a record that happens to mention 合计 but names a person is a record', async () => {
    const read = await readCsv(`${HEADER},备注\nA-1,${id(1)},张三,上门走访,2024-03-01,合计\n`);
    expect(read.records).toHaveLength(1);
    expect(read.totalRows).toEqual([]);
  });
});

describe('encoding and garbled text', () => {
  it('decides at the first non-ASCII byte, so a GBK file whose first megabytes are ASCII is read as GBK', async () => {
    const padding = Array.from({ length: 60_000 }, (_, i) => `,${id(i % 900)},,,`).join('\r\n');
    const bytes = iconv.encode(`sourceRecordId,idNumber,name,kind,visitDate\r\n${padding}\r\nG-1,${id(1)},张三,上门走访,2024-03-01\r\n`, 'gbk');
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    const read = await readCsv(bytes);
    expect(read.encoding).toBe('gb18030');
    expect(read.records.at(-1)).toMatchObject({ values: { sourceRecordId: 'G-1', name: '张三', kind: '上门走访' } });
  });

  it('rejects a row with bytes that are no text in the encoding (GARBLED_TEXT), never passing them on', async () => {
    const gbk = (text: string) => iconv.encode(text, 'gbk');
    // 0x80 and 0xFF begin no character in GBK/GB18030.
    const bytes = Buffer.concat([gbk(`${HEADER}\r\nA-1,${id(1)},张三,上门走访,2024-03-01\r\nA-2,${id(2)},`), Buffer.from([0x80, 0xff]), gbk(',上门走访,2024-03-01\r\n')]);
    const read = await readCsv(bytes);
    expect(read.encoding).toBe('gb18030');
    expect(read.records[0]).toMatchObject({ rowNumber: 2, values: { name: '张三' } });
    expect(read.records[1]).toMatchObject({ rowNumber: 3, values: null, errors: [{ code: 'GARBLED_TEXT', field: 'name', message: expect.stringMatching(/^第3行「姓名」含有无法识别的字符（文件编码可能不是UTF-8或GBK）/) }] });
  });

  it('a UTF-8 file with a GBK row further on rejects that row', async () => {
    const utf8 = Array.from({ length: 2_000 }, (_, i) => `U-${i},${id(i % 900)},张三,上门走访,2024-03-01`).join('\n');
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\n${utf8}\n`), iconv.encode(`A-2,${id(2)},李四,上门走访,2024-03-01\n`, 'gbk')]);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const read = await readCsv(bytes);
    expect(read.encoding).toBe('utf-8');
    expect(read.records.filter((r) => r.errors).map((r) => [r.rowNumber, r.errors![0]!.code])).toEqual([[2002, 'GARBLED_TEXT']]);
  });
});

describe('line endings', () => {
  it('a lone \\n or \\r inside a CRLF file ends a record; quoted line breaks stay in their cell', async () => {
    const csv = `${HEADER},备注\r\nA-1,${id(1)},张三,上门走访,2024-03-01,"两行\r\n备注"\r\nA-2,${id(2)},李四,上门走访,2024-03-01,\nA-3,${id(3)},王五,上门走访,2024-03-01,\rA-4,${id(4)},赵六,上门走访,2024-03-01,"a\nb"\r\nA-5,${id(5)},钱七,上门走访,2024-03-01,\r\n`;
    const read = await readCsv(csv);
    expect(read.records.map((r) => [r.rowNumber, r.values?.sourceRecordId, r.values?.notes])).toEqual([
      [2, 'A-1', '两行\r\n备注'],
      [4, 'A-2', ''],
      [5, 'A-3', ''],
      [6, 'A-4', 'a\nb'],
      [8, 'A-5', ''],
    ]);
  });
});

describe('the rejects file', () => {
  it('writes cells a spreadsheet would run as formulas as text', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rejects-')), 'r.csv');
    const rejects = new RejectsFile(file);
    rejects.writeHeader(['来源记录号', '=cmd|calc']);
    await rejects.add({ rowNumber: 2, sourceRecordId: 'A-1', status: 'REJECTED', errors: [{ code: 'X', field: null, message: 'm' }] }, ['=HYPERLINK("http://x","y")', '@SUM(1)', '-1+2', '城关镇']);
    await rejects.close();
    const rows: string[][] = parse(fs.readFileSync(file), { bom: true, relax_column_count: true });
    expect(rows[0]).toEqual(['行号 row', '拒收原因 reasons', '来源记录号', "'=cmd|calc"]);
    expect(rows[1]!.slice(2)).toEqual([`'=HYPERLINK("http://x","y")`, "'@SUM(1)", "'-1+2", '城关镇']);
  });
});

describe('XLSX files that are not what they claim', () => {
  it.each([
    ['a PNG', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /^文件不是有效的 Excel \(\.xlsx\) 文件：内容是PNG 图片/],
    ['an empty file', Buffer.alloc(0), /文件为空/],
    ['an old .xls', Buffer.from('d0cf11e0a1b11ae1', 'hex'), /旧版 Excel 97-2003/],
    ['a CSV named .xlsx', Buffer.from(`${HEADER}\n`), /内容是文本/],
  ])('%s is UNREADABLE_FILE saying what it is', async (_, bytes, message) => {
    expect(await failure(readXlsx(bytes))).toEqual({ code: 'UNREADABLE_FILE', message: expect.stringMatching(message) });
  });

  it('a workbook cut short is UNREADABLE_FILE: 文件不完整', async () => {
    const whole = craftXlsx({ rowsXml: row(1, HEADER.split(',')) });
    expect(await failure(readXlsx(whole.subarray(0, Math.floor(whole.length / 2))))).toEqual({ code: 'UNREADABLE_FILE', message: expect.stringMatching(/文件不完整（可能上传被截断）/) });
  });

  it('a workbook whose shared strings expand beyond the limit is FILE_TOO_LARGE before they are read', async () => {
    const huge = 'A'.repeat(2 * 1024 * 1024);
    const xlsx = craftXlsx({ rowsXml: row(1, HEADER.split(',')), sharedStringsXml: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${huge}</t></si></sst>` });
    expect(xlsx.length).toBeLessThan(20 * 1024);
    expect(await failure(readXlsx(xlsx, careVisit, { sharedStringsBytes: 1024 * 1024, uncompressedBytes: 1024 ** 3 }))).toEqual({
      code: 'FILE_TOO_LARGE', message: expect.stringMatching(/共享字符串.*超过上限 1 MB/),
    });
    expect(await failure(readXlsx(xlsx, careVisit, { sharedStringsBytes: 64 * 1024 * 1024, uncompressedBytes: 1024 * 1024 }))).toMatchObject({ code: 'FILE_TOO_LARGE' });
  });

  it('a cell longer than 4,096 characters rejects its row (CELL_TOO_LONG), its echo cut short', async () => {
    const xlsx = craftXlsx({ rowsXml: row(1, HEADER.split(',')) + row(2, ['A-1', id(1), '张'.repeat(10_000), '上门走访', '2024-03-01']) });
    const [record] = await readXlsx(xlsx);
    expect(record).toMatchObject({ rowNumber: 2, values: null, errors: [{ code: 'CELL_TOO_LONG', field: 'name', message: '第2行「姓名」有10000个字符，超过单元格上限4096个字符' }] });
    expect(record!.original![2]!.length).toBeLessThan(4200);
  });
});

describe('the summary', () => {
  it('says the outcome in Chinese', () => {
    const base = { created: 0, updated: 0, unchanged: 20, rejected: 0, issuesRaised: 0, dryRun: false, encoding: null, headerRow: 1, ignoredColumns: [], skippedTotalRows: 0, totalRowNumbers: [] };
    expect(summaryMessage(base)).toBe('共 20 条：新增 0，更新 0，未变 20，拒绝 0');
    expect(summaryMessage({ ...base, skippedTotalRows: 1, totalRowNumbers: [23], headerRow: 3, dryRun: true })).toBe(
      '试运行（未保存）：共 20 条：新增 0，更新 0，未变 20，拒绝 0；跳过合计行 1（第23行）；表头在第3行，上方的标题行已跳过',
    );
  });
});
