import type { ReportMeasureColumn, ReportResult, ReportRow } from '../reports/report-types.js';
import { applySuppression } from '../reports/suppression.js';
import type { DisclosureControl } from './disclose.js';
import { perturbSum, roundCount, roundRate, uniformOf } from './perturbation.js';

/**
 * A report as a caller without exact counts sees it:
 * 1. cells of 1..minCell−1 persons are withheld, with secondary suppression so no withheld cell
 *    is the difference of shown ones in its own table (suppression.ts);
 * 2. every count still shown is rounded by the cell key of the persons behind it, every sum
 *    perturbed within its largest term (perturbation.ts) — which is what protects against
 *    differencing *across* reports, list totals and saved-report variants;
 * 3. rates are recomputed from the rounded counts, at 0.1 percentage point; their numerator and
 *    denominator columns are not shown.
 */
export function protectReport(result: ReportResult, control: DisclosureControl): ReportResult {
  const suppressed = applySuppression(result, { k: control.minCell, countMeasure: 'PERSONS' });
  const rateParts = new Set(suppressed.measures.flatMap((m) => (m.kind === 'rate' ? [m.numerator!, m.denominator!] : [])));
  return {
    ...suppressed,
    roundingBase: control.base,
    measures: suppressed.measures.filter((m) => !rateParts.has(m.key)),
    rows: suppressed.rows.map((row) => perturbRow(row, suppressed.measures, control)),
  };
}

/** The exact report, without the control's inputs. */
export function exactReport(result: ReportResult): ReportResult {
  return { ...result, rows: result.rows.map(({ control: _control, ...row }) => row) };
}

/**
 * The draw of a count: every count of persons (a cell's persons, a rate's numerator or
 * denominator) shares one salt, so the same set of persons is rounded the same way whichever
 * measure counts it; households and each sum draw on their own.
 */
function saltOf(measure: ReportMeasureColumn): string {
  return measure.key === 'HOUSEHOLDS' || measure.kind === 'sum' ? measure.key : 'persons';
}

function perturbRow(row: ReportRow, measures: ReportMeasureColumn[], control: DisclosureControl): ReportRow {
  const { control: inputs, ...shown } = row;
  const values = { ...shown.values };
  for (const measure of measures) {
    const value = values[measure.key];
    if (shown.suppressed[measure.key] === true || value == null || measure.kind === 'rate') continue;
    if (!inputs) throw new Error('a report row without cell keys cannot be protected');
    const draw = uniformOf(inputs.cellKeys[measure.key]!, saltOf(measure));
    values[measure.key] = measure.kind === 'count' ? roundCount(Number(value), control.base, draw) : perturbSum(value, inputs.largest[measure.key]!, draw);
  }
  for (const rate of measures) {
    if (rate.kind !== 'rate' || shown.suppressed[rate.key] === true) continue;
    const rounded = roundRate(Number(values[rate.numerator!]), Number(values[rate.denominator!]));
    // A rate counts persons of the denominator: rounding both parts independently may cross 1.
    values[rate.key] = rounded == null ? null : Math.min(1, rounded);
  }
  return { ...shown, values };
}
