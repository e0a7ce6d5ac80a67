/**
 * Small-cell suppression (小数抑制) for statistical reports: callers without exact-counts access must
 * not learn that fewer than k persons (k = 5 by default) share a combination of dimension values,
 * because in a county-level table "2 people in 乔庙镇 with a grade-1 disability" points at
 * neighbours everyone knows.
 *
 * Withholding the small cells alone (primary suppression) is not enough: subtotals are printed
 * next to them, and a subtotal minus the visible members of its row gives the withheld cell back.
 * So more cells are withheld (secondary suppression) until no withheld count can be worked out by
 * subtraction within any line of the table. See {@link applySuppression} for the rules.
 */
import type { ReportMeasureColumn, ReportResult, ReportRow } from './report-types.js';

/** The threshold callers use unless policy says otherwise: counts of 1–4 persons are withheld. */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

export interface SuppressionOptions {
  /** Smallest count that may be shown: counts from 1 to k − 1 are withheld. An integer ≥ 1. */
  k: number;
  /** The count measure (e.g. `PERSONS`) that decides which cells are small. */
  countMeasure: string;
}

/**
 * Returns a copy of `result` that is safe to show to a caller who may not see small counts; the
 * input is never modified.
 *
 * **Primary suppression.** A row whose `countMeasure` is between 1 and k − 1 is withheld. A count
 * of 0 stays visible: "nobody here" singles out no one, and hiding zeros would make tables
 * unreadable (most cells of a sparse cross-tab are 0) while protecting nothing. A row already
 * marked suppressed in the input stays withheld (re-applying is harmless).
 *
 * **A withheld row withholds every measure**, not just the count: a sum of assistance over two
 * people reveals them as much as the count does, and a rate over them reveals its numerator.
 *
 * **Secondary suppression.** A subtotal row (null key = "all values") equals the sum of the rows
 * that differ from it only in the positions where it is null. Each such set is a *line*: for the
 * subtotal `(T1, null)` the line is the row `(T1, *)`; for the grand total `(null, null)` there
 * are three lines (the township subtotals `(*, null)`, the grade subtotals `(null, *)`, and all
 * detail cells `(*, *)`, which matters when the report leaves the intermediate subtotals out).
 * Subtotals are members of higher lines, so the rules apply at every level, repeated until nothing
 * changes:
 * - a visible total with exactly one withheld member gives that member away (total minus the
 *   rest), so a second member is withheld: the visible one with the smallest count above 0 (least
 *   information lost; ties go to the first in row order). A zero is never picked: the two
 *   withheld cells would add up to the small count itself, so the line would still say "fewer
 *   than k people here". If all other visible members are 0, the total itself is withheld;
 * - a withheld total whose line is all visible is just their sum, so one member (the smallest
 *   above 0) is withheld too. If they are all 0 the total is 0 and needs no protection;
 * - a total the report leaves out can still be derived when one of its lines is fully visible
 *   (e.g. row subtotals and column subtotals without a grand total: both add up to the same
 *   number). While it is derivable, it is treated like a visible total, except that instead of
 *   withholding the missing total, a member of a fully visible line is withheld.
 *
 * Every step withholds one more cell and none is ever shown again, so the loop ends after at most
 * one pass per row. The grand total is withheld like any other total when the rules demand it.
 *
 * **Rates.** A rate is withheld when its numerator or denominator is withheld in that row, or
 * when the denominator is between 1 and k − 1 (a rate of 1/2 says one of two people — a small
 * cell). A denominator of 0 gives no rate and reveals nothing. A rate whose denominator is not in
 * the row cannot be shown to be safe and is withheld.
 *
 * **Limits.** The line rule is the classic heuristic: it stops recovery by subtraction along
 * lines (and chains of such steps), not every linear-algebra attack on a table whose withheld
 * cells form an unusual pattern (a withheld cell that is a "bridge" between two cycles of
 * withheld cells in a 2-D table can be solved for). Only `countMeasure` decides what is small;
 * other count measures in a visible row (e.g. households) are shown as they are.
 *
 * @throws RangeError when k is not an integer ≥ 1.
 * @throws Error when `countMeasure` is declared with another kind, or is neither declared nor
 *   present in the rows (a typo would otherwise switch suppression off silently).
 */
export function applySuppression(result: ReportResult, opts: SuppressionOptions): ReportResult {
  checkOptions(result, opts);
  const { k, countMeasure } = opts;
  const counts = result.rows.map((row) => countOf(row.values[countMeasure]));
  const hidden = result.rows.map((row, i) => row.suppressed[countMeasure] === true || isSmall(counts[i]!, k));
  protectTotals(findTotals(result.rows), counts, hidden);
  return {
    ...result,
    dimensions: result.dimensions.map((dimension) => ({ ...dimension })),
    measures: result.measures.map((measure) => ({ ...measure })),
    rows: result.rows.map((row, i) => withhold(row, hidden[i]!, result.measures, k)),
    suppressionThreshold: k,
  };
}

/** How many count-measure cells of a result are withheld, for logging what suppression cost. */
export function suppressedCells(result: ReportResult): number {
  const countKeys = result.measures.filter((measure) => measure.kind === 'count').map((measure) => measure.key);
  let cells = 0;
  for (const row of result.rows) for (const key of countKeys) if (row.suppressed[key] === true) cells += 1;
  return cells;
}

function checkOptions(result: ReportResult, { k, countMeasure }: SuppressionOptions): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`Suppression threshold k must be an integer >= 1, got ${k}`);
  const declared = result.measures.find((measure) => measure.key === countMeasure);
  if (declared !== undefined && declared.kind !== 'count') {
    throw new Error(`Suppression needs a count measure, but ${countMeasure} is a ${declared.kind}`);
  }
  // An undeclared helper count is fine as long as the rows carry it.
  if (declared === undefined && result.rows.some((row) => !(countMeasure in row.values))) {
    throw new Error(`Suppression count measure ${countMeasure} is not in the report`);
  }
}

/** A count as a number; counts are integers, but pg hands `count(*)` over as a bigint string. */
function countOf(value: number | string | null | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
}

/** Zero is not small: see {@link applySuppression}. */
function isSmall(count: number | null, k: number): boolean {
  return count !== null && count > 0 && count < k;
}

// ---------------------------------------------------------------------------------------------
// Lines

/** A total (present as a row or left out of the report) and the lines of rows that add up to it. */
interface Total {
  /** Its row, or null when the report leaves it out but it can be derived from its lines. */
  row: number | null;
  /** Each line's member rows, in report order. */
  lines: number[][];
}

/** Keys as a map key; JSON keeps a null key apart from a dimension value spelt "null". */
function keysId(keys: Array<string | null>): string {
  return JSON.stringify(keys);
}

/** Every non-empty subset of `positions` (reports have at most three dimensions: ≤ 7 subsets). */
function nonEmptySubsets(positions: number[]): number[][] {
  const subsets: number[][] = [];
  for (let mask = 1; mask < 1 << positions.length; mask++) {
    subsets.push(positions.filter((_, bit) => (mask & (1 << bit)) !== 0));
  }
  return subsets;
}

/**
 * Finds every total and its lines. A row is a member of one line per non-empty set of its
 * non-null positions: blanking those positions gives the total, and the blanked positions name the
 * line (a row of the grand total differs from a column of it). Totals are ordered finest first,
 * present before left-out, then by report order, so results do not depend on how SQL sorted the
 * grouping sets beyond ties.
 */
function findTotals(rows: ReportRow[]): Total[] {
  const rowByKeys = new Map<string, number>();
  rows.forEach((row, i) => {
    const id = keysId(row.keys);
    if (!rowByKeys.has(id)) rowByKeys.set(id, i);
  });

  interface Draft {
    row: number | null;
    nulls: number;
    first: number;
    lines: Map<string, { blanked: number[]; members: number[] }>;
  }
  const drafts = new Map<string, Draft>();
  rows.forEach((row, i) => {
    const filled = row.keys.flatMap((key, position) => (key === null ? [] : [position]));
    for (const blanked of nonEmptySubsets(filled)) {
      const totalKeys = row.keys.map((key, position) => (blanked.includes(position) ? null : key));
      const id = keysId(totalKeys);
      let draft = drafts.get(id);
      if (draft === undefined) {
        const nulls = totalKeys.filter((key) => key === null).length;
        draft = { row: rowByKeys.get(id) ?? null, nulls, first: i, lines: new Map() };
        drafts.set(id, draft);
      }
      const lineId = blanked.join(',');
      const line = draft.lines.get(lineId) ?? { blanked, members: [] };
      line.members.push(i);
      draft.lines.set(lineId, line);
    }
  });

  return [...drafts.values()]
    // A left-out total with a single line is just that line's sum: nobody can subtract from it.
    .filter((draft) => draft.lines.size >= (draft.row === null ? 2 : 1))
    .sort(
      (a, b) =>
        a.nulls - b.nulls ||
        Number(a.row === null) - Number(b.row === null) ||
        (a.row ?? a.first) - (b.row ?? b.first),
    )
    .map((draft) => ({
      row: draft.row,
      lines: [...draft.lines.values()]
        .sort((a, b) => a.blanked.length - b.blanked.length || bits(a.blanked) - bits(b.blanked))
        .map((line) => line.members),
    }));
}

/** Positions as a bit set, to order lines of the same size the same way every time. */
function bits(positions: number[]): number {
  return positions.reduce((mask, position) => mask | (1 << position), 0);
}

// ---------------------------------------------------------------------------------------------
// Secondary suppression

/** Applies the line rules until nothing changes; `hidden` is updated in place. */
function protectTotals(totals: Total[], counts: Array<number | null>, hidden: boolean[]): void {
  // Each pass either withholds at least one more row or changes nothing, and rows are never shown
  // again, so this ends after at most rows + 1 passes.
  let changed = true;
  while (changed) {
    changed = false;
    for (const total of totals) if (protectTotal(total, counts, hidden)) changed = true;
  }
}

/** Fixes the first leak found around one total by withholding one row; true when it did. */
function protectTotal(total: Total, counts: Array<number | null>, hidden: boolean[]): boolean {
  const hiddenIn = (line: number[]): number => line.filter((i) => hidden[i]).length;
  const hide = (i: number): true => {
    hidden[i] = true;
    return true;
  };
  const smallestShown = (members: number[]): number | undefined => {
    let best: number | undefined;
    for (const i of members) {
      const count = counts[i];
      if (hidden[i] || count === null || count <= 0) continue;
      if (best === undefined || count < counts[best]!) best = i;
    }
    return best;
  };

  if (total.row !== null && hidden[total.row]) {
    // A withheld total whose line is all visible is their sum.
    for (const line of total.lines) {
      if (hiddenIn(line) !== 0) continue;
      const member = smallestShown(line);
      if (member !== undefined) return hide(member);
    }
    return false;
  }

  const shownLines = total.lines.filter((line) => hiddenIn(line) === 0);
  // A left-out total nobody can derive (every line has a withheld member) gives nothing away.
  if (total.row === null && shownLines.length === 0) return false;

  for (const line of total.lines) {
    if (hiddenIn(line) !== 1) continue;
    const partner = smallestShown(line);
    if (partner !== undefined) return hide(partner);
    if (total.row !== null) return hide(total.row);
    // The left-out total cannot be withheld, so stop it being derivable instead.
    const other = smallestShown(shownLines.flat().sort((a, b) => a - b));
    if (other !== undefined) return hide(other);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Output rows

function withhold(row: ReportRow, hidden: boolean, measures: ReportMeasureColumn[], k: number): ReportRow {
  const values = { ...row.values };
  const suppressed = { ...row.suppressed };
  const withheld = (key: string): void => {
    values[key] = null;
    suppressed[key] = true;
  };
  if (hidden) {
    for (const key of new Set([...Object.keys(values), ...measures.map((measure) => measure.key)])) withheld(key);
  } else {
    for (const measure of measures) {
      if (measure.kind === 'rate' && rateDiscloses(measure, values, suppressed, k)) withheld(measure.key);
    }
  }
  return { ...row, keys: [...row.keys], labels: [...row.labels], values, suppressed };
}

/** Whether showing a rate could reveal a small or withheld count (see {@link applySuppression}). */
function rateDiscloses(
  rate: ReportMeasureColumn,
  values: ReportRow['values'],
  suppressed: ReportRow['suppressed'],
  k: number,
): boolean {
  if (rate.numerator !== undefined && suppressed[rate.numerator] === true) return true;
  if (rate.denominator === undefined || suppressed[rate.denominator] === true) return true;
  const denominator = countOf(values[rate.denominator]);
  return denominator === null || isSmall(denominator, k);
}
