import type { IntakeSummary } from './intake-pipeline.js';
import type { TextEncoding } from './sources/decode-text.js';

/** A file import's outcome: the intake summary plus what reading the file found. */
export interface FileImportSummary extends IntakeSummary {
  /** CSV encoding used (detected or given). */
  encoding: TextEncoding | null;
  /** The header's physical row (above it: titles, unit lines). */
  headerRow: number;
  /** Header cells not used by the kind (ignored). */
  ignoredColumns: string[];
  /** Sum rows (合计/总计/小计) skipped: no records. */
  skippedTotalRows: number;
  /** The physical rows of the first few of them. */
  totalRowNumbers: number[];
  /** The outcome in one Chinese sentence: `共 20 条：新增 0，更新 0，未变 20，拒绝 0；跳过合计行 1`. */
  message: string;
}

/**
 * An import's outcome as the clerk reads it, in one line:
 * `共 20 条：新增 0，更新 0，未变 20，拒绝 0；跳过合计行 1`. Counts are of records; the summary's
 * fields keep their English names for programs.
 */
export function summaryMessage(s: Omit<FileImportSummary, 'message'>): string {
  const total = s.created + s.updated + s.unchanged + s.rejected;
  const parts = [`共 ${total} 条：新增 ${s.created}，更新 ${s.updated}，未变 ${s.unchanged}，拒绝 ${s.rejected}`];
  if (s.issuesRaised > 0) parts.push(`新发现数据质量问题 ${s.issuesRaised}`);
  if (s.skippedTotalRows > 0) {
    const more = s.skippedTotalRows > s.totalRowNumbers.length ? '等' : '';
    parts.push(`跳过合计行 ${s.skippedTotalRows}（第${s.totalRowNumbers.join('、')}行${more}）`);
  }
  if (s.headerRow > 1) parts.push(`表头在第${s.headerRow}行，上方的标题行已跳过`);
  if (s.ignoredColumns.length > 0) parts.push(`未使用的列：${s.ignoredColumns.join('、')}`);
  const text = parts.join('；');
  return s.dryRun ? `试运行（未保存）：${text}` : text;
}
