/**
 * The shape every report takes once computed: the API, suppression and the Excel/CSV exports all
 * work on this. A row's `keys` hold one value per dimension; `null` in a position means "all
 * values of that dimension" (a subtotal, 合计), so the row with every key null is the grand total.
 */

export interface ReportDimensionColumn {
  /** Dimension id, e.g. `REGION_TOWNSHIP`, `GENDER`. */
  key: string;
  /** Column header in Chinese, e.g. `乡镇`, `性别`. */
  label: string;
}

export type MeasureKind = 'count' | 'sum' | 'rate';

export interface ReportMeasureColumn {
  /** Measure id, e.g. `PERSONS`, `MONTHLY_ASSISTANCE`, `REHAB_COVERAGE`. */
  key: string;
  /** Column header in Chinese, e.g. `人数`. */
  label: string;
  kind: MeasureKind;
  /** For rates: the count measures they divide (numerator / denominator). */
  numerator?: string;
  denominator?: string;
}

export interface ReportRow {
  /** Dimension values (codes); null = subtotal over that dimension. */
  keys: Array<string | null>;
  /** Display labels for the keys (region names, 男/女, …); null for subtotal positions. */
  labels: Array<string | null>;
  /** Measure values by key; counts are integers, sums are yuan strings with 2 decimals, rates 0..1. */
  values: Record<string, number | string | null>;
  /** Measures withheld by small-cell suppression (their value is null). */
  suppressed: Record<string, boolean>;
  /**
   * Disclosure control's inputs, never shown: the cell key of the persons behind each count
   * measure, and the largest single contribution to each sum (src/disclosure/protect-report.ts).
   */
  control?: { cellKeys: Record<string, string>; largest: Record<string, string> };
}

export interface ReportResult {
  title: string | null;
  dimensions: ReportDimensionColumn[];
  measures: ReportMeasureColumn[];
  rows: ReportRow[];
  /** Threshold used; null when the caller may see exact small counts. */
  suppressionThreshold: number | null;
  /** Counts rounded to multiples of this by disclosure control; null/absent when exact. */
  roundingBase?: number | null;
}
