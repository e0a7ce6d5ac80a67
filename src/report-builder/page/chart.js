/**
 * The comparison chart (inline SVG bars, e.g. township by township) and a map-free ranking of
 * the first dimension's values, for one chosen measure. Withheld values are drawn as such.
 */
import { h, s } from './dom.js';
import { t } from './i18n.js';
import { cellNumber, cellText, columnLabel, valueLabel } from './format.js';

/** The first dimension's subtotal rows: one item per value. */
export function comparisonItems(report, measureKey, caps) {
  const mi = report.measures.findIndex((m) => m.key === measureKey);
  if (mi < 0 || report.dimensions.length === 0) return [];
  const measure = report.measures[mi];
  return report.rows
    .filter((row) => row.keys[0] != null && row.keys.slice(1).every((k) => k == null))
    .map((row) => ({
      key: row.keys[0],
      label: valueLabel(report.dimensions[0].key, row.keys[0], row.labels[0], caps.valueLabels),
      value: cellNumber(row.cells[mi], measure),
      text: cellText(row.cells[mi], measure, report.suppressionThreshold).text,
    }))
    .sort((a, b) => String(a.key).localeCompare(String(b.key), 'zh-CN', { numeric: true }));
}

export function barChart(report, measureKey, caps) {
  const items = comparisonItems(report, measureKey, caps);
  if (!items.length) return null;
  const max = Math.max(1, ...items.map((i) => i.value ?? 0));
  const bar = 20, gap = 6, left = 130, width = 420;
  const height = items.length * (bar + gap) + gap;
  const title = t('chartTitle', { d: columnLabel(report.dimensions[0], caps.dimensions) });
  return s('svg', { class: 'bar-chart', viewBox: `0 0 ${left + width + 90} ${height}`, width: left + width + 90, height, role: 'img', 'aria-label': title },
    s('title', {}, title),
    items.map((item, i) => {
      const y = gap + i * (bar + gap);
      const w = item.value == null ? 0 : Math.max(1, (item.value / max) * width);
      return s('g', { 'data-key': item.key },
        s('text', { x: left - 6, y: y + bar * 0.72, 'text-anchor': 'end', 'font-size': 12 }, item.label),
        item.value == null
          ? s('rect', { x: left, y, width: 24, height: bar, fill: 'none', stroke: '#c0392b', 'stroke-dasharray': '3 2' })
          : s('rect', { x: left, y, width: w, height: bar, fill: '#1f6fb2' }),
        s('text', { x: left + (item.value == null ? 28 : w + 4), y: y + bar * 0.72, 'font-size': 12 }, item.text));
    }));
}

export function ranking(report, measureKey, caps) {
  const items = comparisonItems(report, measureKey, caps).sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
  if (!items.length) return null;
  return h('ol', { class: 'ranking' }, items.map((item) => h('li', {}, item.label, h('span', { class: 'v' }, item.text))));
}
