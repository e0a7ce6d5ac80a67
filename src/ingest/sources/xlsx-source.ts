import fs from 'node:fs';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { IntakeKind } from '../../contract/intake-kind.js';
import type { SourceRecord } from '../intake-pipeline.js';
import type { RawValue } from '../field-parsers.js';
import { ImportFileError, type HeaderMapping } from './header-map.js';
import { HeaderLocator } from './header-row.js';
import { screenCells, truncateCell } from './row-screen.js';
import { isTotalRow } from './total-row.js';
import { spoolWorkbook, XLSX_LIMITS } from './xlsx-container.js';
import type { SourceHooks } from './source-hooks.js';

/** An ExcelJS cell value as a raw intake value: dates stay dates, numbers numbers, rich text text. */
function cellValue(value: unknown): RawValue {
  if (value == null) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  const v = value as { richText?: Array<{ text: string }>; text?: string; result?: unknown; error?: string };
  if (v.richText) return v.richText.map((t) => t.text).join('');
  if (v.result !== undefined) return cellValue(v.result);
  if (v.text !== undefined) return v.text;
  if (v.error) return v.error;
  return String(value);
}

const display = (v: RawValue) => (v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? '' : String(v));

/**
 * Streams the first worksheet of an XLSX upload (ExcelJS streaming reader: rows are not kept).
 * The upload is first spooled and checked (xlsx-container.ts), so a file that is no workbook,
 * is cut short or would expand beyond bounds is refused with a coded error before it is read.
 * Row numbers are the sheet's; cells formatted as dates arrive as dates; title rows above the
 * header and a sum row (合计) are skipped.
 */
export async function* xlsxRecords(input: Readable, kind: IntakeKind, hooks: SourceHooks = {}, limits = XLSX_LIMITS): AsyncGenerator<SourceRecord> {
  const workbook = await spoolWorkbook(input, limits);
  try {
    yield* sheetRecords(fs.createReadStream(workbook.path), kind, hooks);
  } finally {
    await workbook.remove();
  }
}

async function* sheetRecords(input: Readable, kind: IntakeKind, hooks: SourceHooks): AsyncGenerator<SourceRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  // The streaming reader reads `model.sheets` only to name a worksheet; when `xl/workbook.xml` is
  // the zip's last entry (as ExcelJS itself writes it) that parse intermittently leaves `model`
  // undefined and the reader throws "Cannot read properties of undefined (reading 'sheets')"
  // (ExcelJS issue #962; seen about once in four runs of intake-samples.test.ts). Rows and shared
  // strings do not depend on it and only the first sheet is read, so an empty model stands in.
  let model: unknown = { sheets: [] };
  Object.defineProperty(reader, 'model', { get: () => model, set: (value: unknown) => void (value != null && (model = value)), configurable: true });
  const locator = new HeaderLocator(kind);
  let mapping: HeaderMapping | null = null;
  const rows = readRows(reader);
  for await (const row of rows) {
    // Array.from, not map: ExcelJS leaves holes for empty cells, and map would keep them.
    const cells = Array.from((row.values as unknown[]).slice(1), cellValue);
    const shown = cells.map(display);
    if (!mapping) {
      mapping = locator.offer(shown, row.number);
      if (mapping) hooks.onHeader?.(mapping);
      continue;
    }
    if (cells.every((c) => c == null || (typeof c === 'string' && c.trim() === ''))) continue;
    if (isTotalRow(shown, mapping)) {
      hooks.onTotalRow?.(row.number);
      continue;
    }
    const original = shown.map((c) => truncateCell(c));
    const headers = mapping.headers;
    const width = mapping.fields.length;
    if (cells.length > width && cells.slice(width).some((c) => c != null && c !== '')) {
      const message = `第${row.number}行在表头的${width}列之外还有内容`;
      yield { rowNumber: row.number, values: null, original, headers, errors: [{ code: 'WRONG_COLUMN_COUNT', field: null, message }] };
      continue;
    }
    const errors = screenCells(shown, mapping, row.number);
    if (errors.length > 0) {
      yield { rowNumber: row.number, values: null, original, headers, errors };
      continue;
    }
    const values: Record<string, RawValue> = {};
    mapping.fields.forEach((f, i) => {
      if (f) values[f] = cells[i] ?? null;
    });
    yield { rowNumber: row.number, values, original, headers };
  }
  if (!mapping) locator.fail();
}

/** The first worksheet's rows; a reader failure (a part the checks could not foresee) becomes a coded error. */
async function* readRows(reader: ExcelJS.stream.xlsx.WorkbookReader): AsyncGenerator<ExcelJS.Row> {
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) yield row;
      return; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError('UNREADABLE_FILE', `文件不是有效的 Excel (.xlsx) 文件：${(err as Error).message.slice(0, 200)}`);
  }
}
