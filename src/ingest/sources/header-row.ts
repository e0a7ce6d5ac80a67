import type { IntakeKind } from '../../contract/intake-kind.js';
import { ImportFileError, matchHeader, missingColumnsMessage, type HeaderMapping, type HeaderMatch } from './header-map.js';

/** Rows searched for the header: exports put a title, a date or a unit line (`单位：元`) above it. */
export const HEADER_SEARCH_ROWS = 20;

const blank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/**
 * Finds a file's header row: the first row among the first 20 non-blank ones whose cells name
 * every required column of the kind. Rows above it (titles, units) are not records and are
 * dropped; rows below it keep their physical row numbers.
 */
export class HeaderLocator {
  private best: { match: HeaderMatch; rowNumber: number } | null = null;
  private rowsSeen = 0;

  constructor(private readonly kind: IntakeKind) {}

  /** The mapping when this row is the header; null when it stands above the header. */
  offer(cells: readonly string[], rowNumber: number): HeaderMapping | null {
    if (blank(cells)) return null;
    this.rowsSeen++;
    const match = matchHeader(this.kind, cells, rowNumber);
    if (match.missing.length === 0) {
      if (match.duplicate) throw new ImportFileError('DUPLICATE_COLUMN', `第${rowNumber}行（表头）${match.duplicate}`);
      return match.mapping;
    }
    if (!this.best || match.known > this.best.match.known) this.best = { match, rowNumber };
    if (this.rowsSeen >= HEADER_SEARCH_ROWS) this.fail();
    return null;
  }

  /** The file ended, or the search ran out of rows, without a header. */
  fail(): never {
    if (!this.best) throw new ImportFileError('EMPTY_FILE', '文件中没有任何内容（只有空行）');
    const { match, rowNumber } = this.best;
    const garbled = match.mapping.header.some((h) => h.includes('\uFFFD')) ? '；表头含有无法识别的字符（文件编码可能不是UTF-8或GBK）' : '';
    const where = match.known > 0 ? `最接近表头的是第${rowNumber}行` : `前${this.rowsSeen}行中没有一行像表头`;
    throw new ImportFileError('MISSING_COLUMN', `${missingColumnsMessage(match.missing)}（${where}${garbled}）`);
  }
}
