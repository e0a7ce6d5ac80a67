import type { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { IntakeKind } from '../contract/intake-kind.js';
import { ingest, type SourceRecord } from './intake-pipeline.js';
import type { RecordResult } from './record-outcome.js';
import type { RowScope } from '../auth/row-scope.js';
import type { TextEncoding } from './sources/decode-text.js';
import { openTextFile } from './sources/text-file.js';
import { csvRecords } from './sources/csv-source.js';
import { xlsxRecords } from './sources/xlsx-source.js';
import type { HeaderMapping } from './sources/header-map.js';
import { summaryMessage, type FileImportSummary } from './import-summary.js';

export type FileFormat = 'csv' | 'xlsx';

export interface FileImportOptions {
  format: FileFormat;
  /** CSV only; detected when absent. */
  encoding?: TextEncoding;
  caller: string;
  /** The writer's row scope (default: every row). */
  rows?: RowScope;
  dryRun?: boolean;
  batchSize?: number;
  /** Each rejected row with the cells as read, in row order. */
  onRejected?: (result: RecordResult, original: readonly string[] | undefined) => void | Promise<void>;
  /** After each batch: records done so far. */
  onProgress?: (done: number) => void;
  onHeader?: (mapping: HeaderMapping) => void;
}

const LISTED_TOTAL_ROWS = 5;

/** Format from a file name: `.xlsx` or `.csv` (anything else is read as CSV). */
export const formatOf = (fileName: string): FileFormat => (/\.xlsx$/i.test(fileName) ? 'xlsx' : 'csv');

/** One import file through THE intake pipeline: streamed, validated, written in batches. */
export async function importFile(em: EntityManager, kind: IntakeKind, bytes: Readable, opts: FileImportOptions): Promise<FileImportSummary> {
  let header: HeaderMapping | null = null;
  let skippedTotalRows = 0;
  const totalRowNumbers: number[] = [];
  const hooks = {
    onHeader: (m: HeaderMapping) => {
      header = m;
      opts.onHeader?.(m);
    },
    onTotalRow: (row: number) => {
      if (skippedTotalRows++ < LISTED_TOTAL_ROWS) totalRowNumbers.push(row);
    },
  };
  let encoding: (() => TextEncoding) | null = null;
  let source: AsyncIterable<SourceRecord>;
  if (opts.format === 'xlsx') source = xlsxRecords(bytes, kind, hooks);
  else {
    const decoded = await openTextFile(bytes, opts.encoding);
    encoding = decoded.encoding;
    source = csvRecords(decoded.text, kind, hooks);
  }
  let done = 0;
  const summary = await ingest(em, kind, source, {
    caller: opts.caller,
    rows: opts.rows,
    dryRun: opts.dryRun,
    batchSize: opts.batchSize,
    onResults: async (results, originals) => {
      for (const r of results) if (r.status === 'REJECTED') await opts.onRejected?.(r, originals.get(r.rowNumber));
      done += results.length;
      opts.onProgress?.(done);
    },
  });
  const mapping = header as HeaderMapping | null;
  const outcome = { ...summary, encoding: encoding?.() ?? null, headerRow: mapping?.headerRow ?? 1, ignoredColumns: mapping?.ignored ?? [], skippedTotalRows, totalRowNumbers };
  return { ...outcome, message: summaryMessage(outcome) };
}
