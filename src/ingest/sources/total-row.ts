import { normaliseIdNumber } from '../../identity/id-number.js';
import { cleanText } from '../field-parsers.js';
import type { HeaderMapping } from './header-map.js';

/** Labels of a sum row: `合计`, `总 计`, `小计：`, `合计（元）`. */
const TOTAL_LABEL = /^(合计|总计|小计|累计|总合计)[:：]?$/;

const isTotalLabel = (cell: string) => TOTAL_LABEL.test(cleanText(cell).replace(/\s|[(（][^)）]*[)）]/g, ''));

/**
 * A sum row Excel ledgers end with (`合计 … 12345.00`): a cell reads 合计/总计/小计 and the row
 * names no person (no valid ID number). It is no record: skipped and noted, not rejected.
 */
export function isTotalRow(cells: readonly string[], mapping: HeaderMapping): boolean {
  if (!cells.some(isTotalLabel)) return false;
  const idColumn = mapping.fields.indexOf('idNumber');
  return idColumn < 0 || normaliseIdNumber(cells[idColumn] ?? '') === null;
}
