/**
 * A computed report as a plain table (one header row, then data rows of cells), the common ground
 * of the CSV and XLSX exports. Cells are typed, not formatted: numbers stay numbers so a
 * spreadsheet can sum them, and each writer decides how to show them (2 decimals, percent, …).
 * Text is returned as-is; the writers neutralise it, since only they know the target is a
 * spreadsheet.
 */

import type { MeasureKind, ReportMeasureColumn, ReportResult, ReportRow } from '../report-types.js';

/** One cell: a number, text (a label, `合计`, a suppression marker), or empty. */
export type ReportCell = string | number | null;

/** What a column holds, so writers can pick a number format per column. */
export type ReportColumnKind = 'dimension' | MeasureKind;

/** A column of the exported table. */
export interface ReportColumn {
  header: string;
  kind: ReportColumnKind;
}

/** Label of a subtotal position (a null key): "all values of this dimension". */
export const SUBTOTAL_LABEL = '合计';

/**
 * Marker for a suppressed value when no threshold is known. Suppression without a threshold should
 * not happen, but a withheld cell must never look like a blank (which reads as "no data") or a 0.
 */
const SUPPRESSED_WITHOUT_THRESHOLD = '已隐去';

/** Columns in order: one per dimension, then one per measure. */
export function reportColumns(result: ReportResult): ReportColumn[] {
  return [
    ...result.dimensions.map((d): ReportColumn => ({ header: d.label, kind: 'dimension' })),
    ...result.measures.map((m): ReportColumn => ({ header: m.label, kind: m.kind })),
  ];
}

/** The header row: dimension labels, then measure labels. */
export function reportHeader(result: ReportResult): string[] {
  return reportColumns(result).map((c) => c.header);
}

/** A subtotal (or the grand total) has at least one null key. */
export function isSubtotalRow(row: ReportRow): boolean {
  return row.keys.some((k) => k === null);
}

/** The text shown in place of a suppressed value, e.g. `<5`. */
export function suppressedMarker(result: ReportResult): string {
  return result.suppressionThreshold === null ? SUPPRESSED_WITHOUT_THRESHOLD : `<${result.suppressionThreshold}`;
}

/** Whether any value of the report was withheld (so the export needs its explanatory note). */
export function suppressionApplied(result: ReportResult): boolean {
  return result.rows.some((row) => Object.values(row.suppressed).some(Boolean));
}

/** Non-finite numbers (NaN from a 0/0 rate, say) have no spreadsheet form: show them as empty. */
function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * Sums arrive as yuan strings ("1234.50") so the API never rounds money; a spreadsheet needs a
 * number. A value that is not numeric at all is kept as text rather than silently dropped.
 */
function measureCell(measure: ReportMeasureColumn, row: ReportRow, marker: string): ReportCell {
  if (row.suppressed[measure.key]) return marker;
  const value = row.values[measure.key];
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return finiteOrNull(value);
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : value;
}

/** The cells of one data row, in column order. */
export function reportRowCells(result: ReportResult, row: ReportRow): ReportCell[] {
  const marker = suppressedMarker(result);
  const cells: ReportCell[] = result.dimensions.map((_, i) => {
    if (row.keys[i] === null) return SUBTOTAL_LABEL;
    // A key without a display label (an unknown code) is still better shown than hidden.
    return row.labels[i] ?? row.keys[i] ?? null;
  });
  for (const measure of result.measures) cells.push(measureCell(measure, row, marker));
  return cells;
}

/** Data rows one at a time, so writers can stream a large report without a second copy of it. */
export function* reportCells(result: ReportResult): Generator<ReportCell[]> {
  for (const row of result.rows) yield reportRowCells(result, row);
}
