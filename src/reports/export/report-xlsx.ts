/**
 * XLSX export of a computed report, written with exceljs's streaming WorkbookWriter so a large
 * report never exists as a whole workbook in memory: each row is committed (serialised into the
 * zip stream) as soon as it is built.
 *
 * Numbers are written as numbers with number formats (so users can sum and chart them), text as
 * plain string values (never `{ formula }`), and every text cell goes through
 * {@link neutraliseFormula} like the CSV, so a copy-paste or a re-save as CSV stays safe too.
 */

import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReportResult } from '../report-types.js';
import { neutraliseFormula } from './neutralise-formula.js';
import {
  isSubtotalRow,
  reportColumns,
  reportRowCells,
  suppressionApplied,
  type ReportCell,
  type ReportColumn,
  type ReportColumnKind,
} from './report-table.js';

/** Sheet name when the report has no usable title. */
const DEFAULT_SHEET_NAME = '报表';

/** Excel's hard limit on sheet name length (UTF-16 units). */
const MAX_SHEET_NAME = 31;

/** Number formats per column kind; dimensions are text and need none. */
const NUMBER_FORMATS: Record<Exclude<ReportColumnKind, 'dimension'>, string> = {
  count: '#,##0',
  sum: '#,##0.00',
  rate: '0.0%',
};

/** Rows between checks on the output: often enough to bound memory, rare enough to cost nothing. */
const ROWS_PER_YIELD = 1000;

/** Column width bounds, in Excel character units. */
const MIN_WIDTH = 8;
const MAX_WIDTH = 40;

/** Rows sampled for dimension column widths: enough to see typical labels, bounded for huge reports. */
const WIDTH_SAMPLE_ROWS = 1000;

/**
 * A sheet name Excel accepts: no `[]:*?/\` or control characters, no leading/trailing apostrophe,
 * at most 31 characters (cut on a code point boundary), not the reserved `History`.
 */
export function sheetName(title: string | null): string {
  let name = (title ?? '').replace(/[[\]:*?/\\\u0000-\u001f\u007f]/g, '').trim();
  name = name.replace(/^'+|'+$/g, '').trim();
  let cut = '';
  for (const ch of name) {
    if (cut.length + ch.length > MAX_SHEET_NAME) break;
    cut += ch;
  }
  cut = cut.replace(/'+$/, '').trim();
  return cut === '' || cut.toLowerCase() === 'history' ? DEFAULT_SHEET_NAME : cut;
}

/** Display width of text: CJK and other wide characters take about two Latin columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return width;
}

/** Widths from the header and a sample of rows; measure columns fit a formatted number. */
function columnWidths(result: ReportResult, columns: ReportColumn[]): number[] {
  const widths = columns.map((c) => Math.max(displayWidth(c.header), c.kind === 'dimension' ? 0 : 12));
  for (const row of result.rows.slice(0, WIDTH_SAMPLE_ROWS)) {
    reportRowCells(result, row).forEach((cell, i) => {
      if (typeof cell === 'string') widths[i] = Math.max(widths[i]!, displayWidth(neutraliseFormula(cell)));
    });
  }
  return widths.map((w) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2)));
}

/**
 * exceljs writes into its zip without looking at `out`, so give the zip a turn of the event loop
 * and, when `out` reports it is full, wait for it to drain: this keeps the buffered part small.
 */
async function letOutputDrain(out: NodeJS.WritableStream): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const writable = out as NodeJS.WritableStream & { writableNeedDrain?: boolean };
  if (!writable.writableNeedDrain) return;
  await new Promise<void>((resolve) => {
    // Also stop waiting on close/error: the final commit() reports the error.
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

/** Sets one cell: numbers with their column's format, text neutralised and as a plain string. */
function setCell(cell: ExcelJS.Cell, value: ReportCell, column: ReportColumn, bold: boolean): void {
  if (typeof value === 'number') {
    cell.value = value;
    if (column.kind !== 'dimension') cell.numFmt = NUMBER_FORMATS[column.kind];
  } else if (typeof value === 'string') {
    cell.value = neutraliseFormula(value);
    // A `<5` marker in a number column lines up with the numbers around it.
    if (column.kind !== 'dimension') cell.alignment = { horizontal: 'right' };
  }
  if (bold) cell.font = { bold: true };
}

/** The note explaining withheld cells, or null when nothing was withheld. */
function suppressionNote(result: ReportResult): string | null {
  if (!suppressionApplied(result)) return null;
  const k = result.suppressionThreshold;
  return k === null
    ? '注：部分单元格已隐去（含为防止反推而隐去的单元格）'
    : `注：小于${k}人的单元格已隐去（含为防止反推而隐去的单元格）`;
}

/**
 * Writes `result` to `out` as an XLSX workbook with one sheet and ends `out`. Resolves once `out`
 * has finished. The caller must consume `out` concurrently (an HTTP response, a file).
 */
export async function writeReportXlsx(result: ReportResult, out: NodeJS.WritableStream): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    // exceljs only pipes into it; its typing asks for a Stream class rather than the interface.
    stream: out as unknown as Stream,
    useStyles: true,
    // Labels repeat (every township appears once per sub-row), so a shared string table is both
    // smaller and the form Excel and WPS themselves write.
    useSharedStrings: true,
  });
  const columns = reportColumns(result);
  const sheet = workbook.addWorksheet(sheetName(result.title), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
  });
  // Widths must be set before the first row is committed: the <cols> element precedes the data.
  sheet.columns = columnWidths(result, columns).map((width) => ({ width }));

  const header = sheet.getRow(1);
  columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = neutraliseFormula(column.header);
    cell.font = { bold: true };
  });
  header.commit();

  let rowNumber = 1;
  for (const row of result.rows) {
    rowNumber += 1;
    const sheetRow = sheet.getRow(rowNumber);
    const bold = isSubtotalRow(row);
    reportRowCells(result, row).forEach((value, i) => setCell(sheetRow.getCell(i + 1), value, columns[i]!, bold));
    sheetRow.commit();
    if (rowNumber % ROWS_PER_YIELD === 0) await letOutputDrain(out);
  }

  const note = suppressionNote(result);
  if (note !== null) {
    // One empty row keeps the note out of the table range Excel detects for filters and pivots.
    rowNumber += 2;
    const noteRow = sheet.getRow(rowNumber);
    noteRow.getCell(1).value = note;
    noteRow.getCell(1).font = { italic: true };
    noteRow.commit();
  }

  sheet.commit();
  await workbook.commit();
}
