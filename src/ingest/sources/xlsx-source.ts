import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { IntakeKind } from '../intake-kind.js';
import type { SourceRecord } from '../intake-pipeline.js';
import type { RawValue } from '../field-parsers.js';
import { ImportFileError, mapHeader, type HeaderMapping } from './header-map.js';

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
 * Streams the first worksheet of an XLSX file (ExcelJS streaming reader: rows are not kept).
 * Row numbers are the sheet's; cells formatted as dates arrive as dates.
 */
export async function* xlsxRecords(input: Readable, kind: IntakeKind, onHeader?: (mapping: HeaderMapping) => void): AsyncGenerator<SourceRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  // The streaming reader reads `model.sheets` only to name a worksheet; when `xl/workbook.xml` is
  // the zip's last entry (as ExcelJS itself writes it) that parse intermittently leaves `model`
  // undefined and the reader throws "Cannot read properties of undefined (reading 'sheets')"
  // (ExcelJS issue #962; seen about once in four runs of intake-samples.test.ts). Rows and shared
  // strings do not depend on it and only the first sheet is read, so an empty model stands in.
  let model: unknown = { sheets: [] };
  Object.defineProperty(reader, 'model', { get: () => model, set: (value: unknown) => void (value != null && (model = value)), configurable: true });
  let mapping: HeaderMapping | null = null;
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const cells = (row.values as unknown[]).slice(1).map(cellValue);
      if (!mapping) {
        mapping = mapHeader(kind, cells.map(display));
        onHeader?.(mapping);
        continue;
      }
      if (cells.every((c) => c == null || (typeof c === 'string' && c.trim() === ''))) continue;
      const original = cells.map(display);
      if (cells.length > mapping.fields.length && cells.slice(mapping.fields.length).some((c) => c != null && c !== '')) {
        yield {
          rowNumber: row.number, values: null, original,
          errors: [{ code: 'WRONG_COLUMN_COUNT', field: null, message: `row has cells beyond the header's ${mapping.fields.length} columns` }],
        };
        continue;
      }
      const values: Record<string, RawValue> = {};
      mapping.fields.forEach((f, i) => {
        if (f) values[f] = cells[i] ?? null;
      });
      yield { rowNumber: row.number, values, original };
    }
    break; // the first worksheet only
  }
  if (!mapping) throw new ImportFileError('EMPTY_FILE', 'the workbook has no header row');
}
