import type { RecordError } from '../record-outcome.js';
import type { HeaderMapping } from './header-map.js';

/**
 * The most characters one cell may hold. No ledger field comes near it (the longest, notes, is
 * 200); a larger cell is a broken or hostile file, and echoing it in rejects is what let a
 * 22 KB workbook answer 100 MB.
 */
export const MAX_CELL_CHARS = 4096;

/** Where a cell's text was cut for the rejects: the row is rejected, the clerk still sees which cell. */
export function truncateCell(text: string, max = MAX_CELL_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}…（共${text.length}个字符，已截断）`;
}

const columnName = (mapping: HeaderMapping, i: number) => mapping.header[i]?.trim() || `第${i + 1}列`;

/**
 * Problems a row has before its values are read: a cell holding U+FFFD, the replacement the
 * decoder puts where bytes were not text in the file's encoding (storing it would keep "张€��0"
 * as a name), or a cell longer than MAX_CELL_CHARS.
 */
export function screenCells(cells: readonly string[], mapping: HeaderMapping, rowNumber: number): RecordError[] {
  const errors: RecordError[] = [];
  for (const [i, cell] of cells.entries()) {
    const field = mapping.fields[i] ?? null;
    if (cell.length > MAX_CELL_CHARS) {
      errors.push({ code: 'CELL_TOO_LONG', field, message: `第${rowNumber}行「${columnName(mapping, i)}」有${cell.length}个字符，超过单元格上限${MAX_CELL_CHARS}个字符` });
    } else if (cell.includes('\uFFFD')) {
      errors.push({
        code: 'GARBLED_TEXT', field,
        message: `第${rowNumber}行「${columnName(mapping, i)}」含有无法识别的字符（文件编码可能不是UTF-8或GBK）：${truncateCell(cell, 40)} — 请在 Excel 或 WPS 中另存为「CSV UTF-8」后重新导入`,
      });
    }
  }
  return errors;
}
