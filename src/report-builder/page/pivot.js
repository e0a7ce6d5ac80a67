/**
 * The pivot table: the first `rowCount` dimensions down the side, the others across the top,
 * one column per measure under each column value. Subtotal rows (a null key, 合计) follow their
 * group; the grand total comes last. Cells carry their keys in `data-keys` for tests and tools.
 */
import { h } from './dom.js';
import { t } from './i18n.js';
import { cellText, columnLabel, valueLabel } from './format.js';

const compareKey = (a, b) => (a === b ? 0 : a == null ? 1 : b == null ? -1 : String(a).localeCompare(String(b), 'zh-CN', { numeric: true }));
const compareTuple = (a, b) => {
  for (let i = 0; i < a.length; i++) {
    const c = compareKey(a[i], b[i]);
    if (c) return c;
  }
  return 0;
};
/** Rollup order: a tuple is shown when its subtotal positions (nulls) come last. */
const nullsLast = (tuple) => tuple.every((k, i) => k != null || tuple.slice(i).every((x) => x == null));

function distinct(tuples) {
  const seen = new Map();
  for (const tuple of tuples) if (nullsLast(tuple)) seen.set(JSON.stringify(tuple), tuple);
  return [...seen.values()].sort(compareTuple);
}

/** The table's shape: row tuples, column tuples and a cell lookup. */
export function buildPivot(report, rowCount) {
  const dims = report.dimensions;
  const r = Math.min(rowCount, dims.length);
  const byKeys = new Map(report.rows.map((row) => [JSON.stringify(row.keys), row]));
  const labels = dims.map(() => new Map());
  for (const row of report.rows) row.keys.forEach((k, i) => k != null && labels[i].set(k, row.labels[i]));
  return {
    report,
    rowDims: dims.slice(0, r),
    colDims: dims.slice(r),
    rowTuples: distinct(report.rows.map((row) => row.keys.slice(0, r))),
    colTuples: distinct(report.rows.map((row) => row.keys.slice(r))),
    labels,
    row: (rowTuple, colTuple) => byKeys.get(JSON.stringify([...rowTuple, ...colTuple])),
  };
}

/** Renders the pivot: `{ table, done }`, rows added in slices until `done` resolves; `caps` gives the labels. */
export function renderPivot(pivot, caps) {
  const { report, rowDims, colDims, rowTuples, colTuples, labels } = pivot;
  const measures = report.measures;
  const threshold = report.suppressionThreshold;
  const allMeasures = [...caps.measures, ...caps.rates];
  const label = (i, key) => valueLabel(report.dimensions[i].key, key, labels[i].get(key), caps.valueLabels);
  const colName = (tuple) => tuple.map((k, j) => label(rowDims.length + j, k)).join(' · ');

  const head = [];
  if (colDims.length) {
    head.push(h('tr', {},
      h('th', { colspan: Math.max(rowDims.length, 1), class: 'corner' }, colDims.map((d) => columnLabel(d, caps.dimensions)).join(' · ')),
      colTuples.map((tuple) => h('th', { colspan: measures.length, class: tuple.some((k) => k == null) ? 'subtotal' : null }, colName(tuple)))));
  }
  head.push(h('tr', {},
    rowDims.length ? rowDims.map((d) => h('th', {}, columnLabel(d, caps.dimensions))) : h('th', {}, ''),
    colTuples.map(() => measures.map((m) => h('th', { 'data-measure': m.key }, columnLabel(m, allMeasures))))));

  const bodyRow = (rowTuple) => {
    const nulls = rowTuple.filter((k) => k == null).length;
    const cls = rowDims.length && nulls === rowTuple.length ? 'grand' : nulls ? 'subtotal' : null;
    const firstNull = rowTuple.indexOf(null);
    const heads = rowDims.length
      ? rowTuple.map((k, i) => h('th', { class: 'rowhead' }, k != null ? label(i, k) : i === firstNull ? t('total') : ''))
      : [h('th', { class: 'rowhead' }, t('total'))];
    const cells = colTuples.flatMap((colTuple) => {
      const row = pivot.row(rowTuple, colTuple);
      return measures.map((m, mi) => {
        const { text, kind } = cellText(row?.cells[mi], m, threshold);
        const classes = [kind === 'value' ? null : kind, colTuple.some((k) => k == null) ? 'subtotal' : null].filter(Boolean).join(' ');
        return h('td', { class: classes || null, 'data-keys': JSON.stringify([...rowTuple, ...colTuple]), 'data-measure': m.key }, text);
      });
    });
    return h('tr', { class: cls }, heads, cells);
  };
  const tbody = h('tbody');
  const table = h('table', { class: 'pivot' }, h('thead', {}, head), tbody);
  return { table, done: appendInSlices(tbody, rowTuples, bodyRow) };
}

/** Rows per slice: a village-level table has thousands, and building them all at once would freeze the page. */
const ROWS_PER_SLICE = 400;

/** Appends rows slice by slice, letting the browser paint and handle input in between. */
async function appendInSlices(tbody, items, build) {
  for (let i = 0; i < items.length; i += ROWS_PER_SLICE) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    tbody.append(...items.slice(i, i + ROWS_PER_SLICE).map(build));
  }
}

/** The legend under the table: what `<5` and `—` mean. */
export function legend(report) {
  const k = report.suppressionThreshold;
  return h('p', { class: 'legend' },
    k != null ? [h('span', { class: 'mark' }, `<${k}`), t('legendSuppressed', { k }), h('br')] : null,
    report.roundingBase != null ? [t('legendRounded', { b: report.roundingBase, m: report.roundingBase - 1 }), h('br')] : null,
    h('span', { class: 'mark' }, '—'), t('legendEmpty'));
}
