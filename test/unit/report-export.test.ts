import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { ReportResult, ReportRow } from '../../src/reports/report-types.js';
import { neutraliseFormula } from '../../src/reports/export/neutralise-formula.js';
import { reportCells, reportHeader } from '../../src/reports/export/report-table.js';
import { writeReportCsv } from '../../src/reports/export/report-csv.js';
import { sheetName, writeReportXlsx } from '../../src/reports/export/report-xlsx.js';
import { exportContentType, exportFileName } from '../../src/reports/export/content-type.js';

/** exceljs declares its own `Buffer` (an ArrayBuffer), which a Node Buffer does not type-match. */
type ExcelBuffer = Parameters<ExcelJS.Xlsx['load']>[0];

const HYPERLINK = '=HYPERLINK("http://x","y")';
const QUOTED_LABEL = '西"关",乡\n二村';
const NOTE = '注：小于5人的单元格已隐去（含为防止反推而隐去的单元格）';

function row(
  keys: Array<string | null>,
  labels: Array<string | null>,
  persons: number | null,
  assistance: string | null,
  coverage: number | null,
  suppressed: Record<string, boolean> = {},
): ReportRow {
  return { keys, labels, values: { PERSONS: persons, MONTHLY_ASSISTANCE: assistance, REHAB_COVERAGE: coverage }, suppressed };
}

/** 乡镇 × 残疾等级, with a subtotal, a suppressed cell, hostile labels and the grand total. */
function sampleReport(): ReportResult {
  return {
    title: '2024年各乡镇残疾人救助情况',
    dimensions: [
      { key: 'REGION_TOWNSHIP', label: '乡镇' },
      { key: 'DISABILITY_LEVEL', label: '残疾等级' },
    ],
    measures: [
      { key: 'PERSONS', label: '人数', kind: 'count' },
      { key: 'MONTHLY_ASSISTANCE', label: '月救助金额（元）', kind: 'sum' },
      { key: 'REHAB_COVERAGE', label: '康复覆盖率', kind: 'rate', numerator: 'REHABILITATED', denominator: 'PERSONS' },
    ],
    rows: [
      row(['410823100', '1'], ['城关镇', '一级'], 12, '15600.00', 0.75),
      row(['410823100', '2'], ['城关镇', '二级'], null, null, null, { PERSONS: true, MONTHLY_ASSISTANCE: true, REHAB_COVERAGE: true }),
      row(['410823100', null], ['城关镇', null], 15, '19800.50', 0.6),
      row(['410823101', '1'], [HYPERLINK, '+1'], 7, '-120.00', 0.25),
      row(['410823102', '3'], ['@SUM(A1)', '-2+3'], 8, '1234.50', null),
      row(['410823103', '4'], [QUOTED_LABEL, '四级'], 5, '1234567.89', 1),
      row([null, null], [null, null], 40, '1250000.00', 0.55),
    ],
    suppressionThreshold: 5,
  };
}

/** Runs a writer into a PassThrough that is read concurrently, as an HTTP response would be. */
async function collect(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await Promise.all([write(out), once(out, 'end')]);
  return Buffer.concat(chunks);
}

describe('neutraliseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['  =1+1', "'  =1+1"],
    ['\u3000@x', "'\u3000@x"],
    [HYPERLINK, `'${HYPERLINK}`],
  ])('prefixes %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it.each(['城关镇', '', '  ', 'a=b', '1-2', '<5', "'=already"])('leaves %j alone', (input) => {
    expect(neutraliseFormula(input)).toBe(input);
  });
});

describe('report table', () => {
  it('has dimension then measure headers, 合计 for null keys, typed values and <k markers', () => {
    const report = sampleReport();
    expect(reportHeader(report)).toEqual(['乡镇', '残疾等级', '人数', '月救助金额（元）', '康复覆盖率']);
    const rows = [...reportCells(report)];
    expect(rows[0]).toEqual(['城关镇', '一级', 12, 15600, 0.75]);
    expect(rows[1]).toEqual(['城关镇', '二级', '<5', '<5', '<5']);
    expect(rows[2]).toEqual(['城关镇', '合计', 15, 19800.5, 0.6]);
    expect(rows[4]).toEqual(['@SUM(A1)', '-2+3', 8, 1234.5, null]);
    expect(rows[6]).toEqual(['合计', '合计', 40, 1250000, 0.55]);
  });
});

describe('writeReportCsv', () => {
  it('writes BOM, CRLF, RFC 4180 quoting, typed values and neutralised text', async () => {
    const buffer = await collect((out) => writeReportCsv(sampleReport(), out));
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buffer.subarray(3).toString('utf8');
    expect(text.startsWith('乡镇,残疾等级,人数,月救助金额（元）,康复覆盖率\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // The only LF without a CR is the one inside the quoted label.
    expect(text.match(/(?<!\r)\n/g)).toHaveLength(1);
    expect(text).toContain('"西""关"",乡\n二村"');

    const records = parse(text) as string[][];
    expect(records).toEqual([
      ['乡镇', '残疾等级', '人数', '月救助金额（元）', '康复覆盖率'],
      ['城关镇', '一级', '12', '15600.00', '0.75'],
      ['城关镇', '二级', '<5', '<5', '<5'],
      ['城关镇', '合计', '15', '19800.50', '0.6'],
      [`'${HYPERLINK}`, "'+1", '7', '-120.00', '0.25'],
      ["'@SUM(A1)", "'-2+3", '8', '1234.50', ''],
      [QUOTED_LABEL, '四级', '5', '1234567.89', '1'],
      ['合计', '合计', '40', '1250000.00', '0.55'],
    ]);
  });

  it('streams a 100,000-row report while honouring backpressure', async () => {
    const total = 100_000;
    const base: ReportRow[] = Array.from({ length: total }, (_, i) =>
      row([String(i), '1'], [`村${i}`, '一级'], i % 50, `${i}.50`, 0.5),
    );
    let rowsRead = 0;
    // Counts how far the exporter has read into the report, to compare with what `out` received.
    const rows = new Proxy(base, {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) rowsRead = Math.max(rowsRead, Number(prop) + 1);
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    let lines = 0;
    let maxLag = 0;
    const counter = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        for (const byte of chunk) if (byte === 0x0a) lines += 1;
        maxLag = Math.max(maxLag, rowsRead - (lines - 1));
        // A slow consumer: the exporter must wait rather than buffer the whole report.
        setImmediate(callback);
      },
    });
    await writeReportCsv({ ...sampleReport(), rows }, counter);
    expect(lines).toBe(total + 1);
    expect(rowsRead).toBe(total);
    expect(maxLag).toBeLessThan(5_000);
  });
});

describe('writeReportXlsx', () => {
  async function loadSample(report: ReportResult = sampleReport()): Promise<ExcelJS.Worksheet> {
    const buffer = await collect((out) => writeReportXlsx(report, out));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ExcelBuffer);
    expect(workbook.worksheets).toHaveLength(1);
    return workbook.worksheets[0]!;
  }

  it('writes a named sheet with a bold frozen header and sensible widths', async () => {
    const sheet = await loadSample();
    expect(sheet.name).toBe('2024年各乡镇残疾人救助情况');
    const header = sheet.getRow(1);
    expect(header.values).toEqual([undefined, '乡镇', '残疾等级', '人数', '月救助金额（元）', '康复覆盖率']);
    for (let c = 1; c <= 5; c += 1) expect(header.getCell(c).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    for (let c = 1; c <= 5; c += 1) expect(sheet.getColumn(c).width).toBeGreaterThanOrEqual(8);
    // 康复覆盖率 is 5 wide characters: its column fits it.
    expect(sheet.getColumn(5).width).toBeGreaterThanOrEqual(10);
  });

  it('writes numbers as numbers with count, sum and rate formats', async () => {
    const sheet = await loadSample();
    const first = sheet.getRow(2);
    expect(first.getCell(3)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 12, numFmt: '#,##0' });
    expect(first.getCell(4)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 15600, numFmt: '#,##0.00' });
    expect(first.getCell(5)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 0.75, numFmt: '0.0%' });
    // A negative sum is a number, not neutralised text.
    expect(sheet.getRow(5).getCell(4)).toMatchObject({ type: ExcelJS.ValueType.Number, value: -120 });
    // Suppressed values are the <k marker; a plain null stays empty.
    expect(sheet.getRow(3).values).toEqual([undefined, '城关镇', '二级', '<5', '<5', '<5']);
    expect(sheet.getRow(6).getCell(5).value).toBeNull();
  });

  it('bolds subtotal rows only', async () => {
    const sheet = await loadSample();
    for (const r of [4, 8]) for (let c = 1; c <= 5; c += 1) expect(sheet.getRow(r).getCell(c).font?.bold).toBe(true);
    for (const r of [2, 3, 5, 6, 7]) for (let c = 1; c <= 5; c += 1) expect(sheet.getRow(r).getCell(c).font?.bold).toBeFalsy();
    expect(sheet.getRow(4).getCell(2).value).toBe('合计');
    expect(sheet.getRow(8).values).toEqual([undefined, '合计', '合计', 40, 1250000, 0.55]);
  });

  it('writes hostile labels as neutralised strings and never as formulas', async () => {
    const sheet = await loadSample();
    const hostile = [sheet.getCell('A5'), sheet.getCell('B5'), sheet.getCell('A6'), sheet.getCell('B6')];
    expect(hostile.map((c) => c.value)).toEqual([`'${HYPERLINK}`, "'+1", "'@SUM(A1)", "'-2+3"]);
    for (const cell of hostile) expect(cell.type).toBe(ExcelJS.ValueType.String);
    let cells = 0;
    sheet.eachRow((r) =>
      r.eachCell((cell) => {
        cells += 1;
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        expect(cell.formula).toBeUndefined();
      }),
    );
    expect(cells).toBeGreaterThan(30);
  });

  it('ends with the suppression note, only when something was suppressed', async () => {
    const sheet = await loadSample();
    expect(sheet.getRow(9).values).toEqual([]);
    expect(sheet.getCell('A10').value).toBe(NOTE);
    expect(sheet.rowCount).toBe(10);

    const unsuppressed = sampleReport();
    unsuppressed.rows = unsuppressed.rows.filter((r) => !Object.values(r.suppressed).some(Boolean));
    const plain = await loadSample(unsuppressed);
    expect(plain.rowCount).toBe(7);
  });

  it('streams a larger report through the drain checks', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => row([String(i), '1'], [`村${i}`, '一级'], i, `${i}.25`, 0.5));
    const sheet = await loadSample({ ...sampleReport(), rows });
    expect(sheet.rowCount).toBe(10_001);
    expect(sheet.getCell('C10001').value).toBe(9_999);
    expect(sheet.getCell('D10001').value).toBe(9_999.25);
  });
});

describe('sheetName', () => {
  it('drops forbidden characters, caps at 31 characters and falls back to 报表', () => {
    expect(sheetName('低保/特困[2024]: 月报*?\\')).toBe('低保特困2024 月报');
    expect(sheetName('一二三四五六七八九十'.repeat(4))).toHaveLength(31);
    expect(sheetName(null)).toBe('报表');
    expect(sheetName(' []:*?/\\ ')).toBe('报表');
    expect(sheetName("'quoted'")).toBe('quoted');
    expect(sheetName('History')).toBe('报表');
    // A surrogate pair is never cut in half.
    expect(sheetName('一'.repeat(30) + '𠀾')).toBe('一'.repeat(30));
  });

  it('uses 报表 for an untitled XLSX', async () => {
    const buffer = await collect((out) => writeReportXlsx({ ...sampleReport(), title: null }, out));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ExcelBuffer);
    expect(workbook.worksheets[0]!.name).toBe('报表');
  });
});

describe('content type and file name', () => {
  it('gives the media types', () => {
    expect(exportContentType('csv')).toBe('text/csv; charset=utf-8');
    expect(exportContentType('xlsx')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('gives an ASCII fallback and an RFC 8187 UTF-8 name', () => {
    const value = exportFileName('低保月报(2024)', 'xlsx');
    expect(value).toBe(
      `attachment; filename="report.xlsx"; filename*=UTF-8''%E4%BD%8E%E4%BF%9D%E6%9C%88%E6%8A%A5%282024%29.xlsx`,
    );
    expect(decodeURIComponent(value.split("UTF-8''")[1]!)).toBe('低保月报(2024).xlsx');
  });

  it('keeps plain ASCII titles, strips unsafe characters, defaults to 报表', () => {
    expect(exportFileName('Monthly report', 'csv')).toBe(
      `attachment; filename="Monthly report.csv"; filename*=UTF-8''Monthly%20report.csv`,
    );
    expect(exportFileName('a"b/c\\d', 'csv')).toContain('filename="abcd.csv"');
    expect(exportFileName(null, 'csv')).toBe(`attachment; filename="report.csv"; filename*=UTF-8''%E6%8A%A5%E8%A1%A8.csv`);
    expect(exportFileName('  ', 'xlsx')).toContain(`filename*=UTF-8''%E6%8A%A5%E8%A1%A8.xlsx`);
  });
});
