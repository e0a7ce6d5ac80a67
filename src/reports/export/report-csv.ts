/**
 * CSV export of a computed report, for Excel/WPS users and for other systems' imports.
 *
 * - UTF-8 with a BOM: without it Excel on Chinese Windows decodes the file as GBK and shows mojibake.
 * - CRLF line endings and RFC 4180 quoting (csv-stringify), which is what Excel writes and expects.
 * - Every text cell goes through {@link neutraliseFormula}: labels come from department ledgers.
 * - Streamed: rows are pulled from the report one at a time only as fast as `out` drains.
 * - No footer note (unlike the XLSX): a trailing free-text line would break machine imports; the
 *   `<k` markers themselves say what was withheld.
 */

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ReportResult } from '../report-types.js';
import { neutraliseFormula } from './neutralise-formula.js';
import { reportCells, reportColumns, reportHeader, type ReportCell, type ReportColumn } from './report-table.js';

/** Numbers as numbers (never neutralised: `-12.00` is a number); sums keep their 2 decimals. */
function csvCell(cell: ReportCell, column: ReportColumn): string | number | null {
  if (typeof cell === 'string') return neutraliseFormula(cell);
  if (typeof cell === 'number' && column.kind === 'sum') return cell.toFixed(2);
  return cell;
}

/** Header then data rows, lazily, so `Readable.from` only pulls a row when the pipe wants one. */
function* csvRecords(result: ReportResult): Generator<Array<string | number | null>> {
  const columns = reportColumns(result);
  yield reportHeader(result).map(neutraliseFormula);
  for (const cells of reportCells(result)) yield cells.map((cell, i) => csvCell(cell, columns[i]!));
}

/**
 * Writes `result` to `out` as CSV and ends `out`. Resolves once `out` has finished; rejects (and
 * destroys the streams) on any stream error. The caller must consume `out` concurrently (an HTTP
 * response, a file) — the write waits for it to drain.
 */
export async function writeReportCsv(result: ReportResult, out: NodeJS.WritableStream): Promise<void> {
  const stringifier = stringify({
    bom: true,
    record_delimiter: 'windows',
    // Giving record_delimiter turns this off by default; a label with a bare \n or \r must still
    // be quoted or Excel splits the row.
    quote_record_delimiter: true,
  });
  await pipeline(Readable.from(csvRecords(result)), stringifier, out);
}
