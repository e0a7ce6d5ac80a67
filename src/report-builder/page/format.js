/** How report values read: counts with separators, money in yuan, rates as percentages. */
import { getLang, pick, t } from './i18n.js';

const counts = new Intl.NumberFormat('zh-CN');
const yuan = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `{ text, kind }` for a cell: kind is `value`, `suppressed` or `empty`. */
export function cellText(cell, measure, threshold) {
  if (!cell) return { text: '—', kind: 'empty' };
  if (cell.suppressed) return { text: threshold != null ? `<${threshold}` : '*', kind: 'suppressed' };
  if (measure.kind === 'sum') return cell.money == null ? { text: '—', kind: 'empty' } : { text: yuan.format(Number(cell.money)), kind: 'value' };
  if (cell.value == null) return { text: '—', kind: 'empty' };
  if (measure.kind === 'rate') return { text: `${(cell.value * 100).toFixed(1)}%`, kind: 'value' };
  return { text: counts.format(cell.value), kind: 'value' };
}

/** A cell's number for charts and rankings (null when withheld or empty). */
export function cellNumber(cell, measure) {
  if (!cell || cell.suppressed) return null;
  const n = measure.kind === 'sum' ? (cell.money == null ? null : Number(cell.money)) : cell.value;
  return n == null ? null : n;
}

/**
 * A dimension value's label: the API's label (Chinese, region names) or, in English, the enum
 * value's English term from the schema; `合计` for a subtotal position.
 */
export function valueLabel(dimensionKey, key, apiLabel, valueLabels) {
  if (key == null) return t('total');
  if (getLang() === 'en' && !dimensionKey.startsWith('REGION_')) {
    const label = valueLabels.get(key);
    return label ? `${label.en}${label.en === key ? '' : ` (${key})`}` : key;
  }
  return apiLabel ?? key;
}

/** A column header (dimension or measure) in the current language. */
export function columnLabel(column, options) {
  const known = options.find((o) => o.key === column.key);
  return known ? pick(known.label) : column.label;
}
