import type { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { IntakeKind } from './intake-kind.js';
import { ingest, type IntakeSummary, type SourceRecord } from './intake-pipeline.js';
import type { RecordResult } from './upsert-batch.js';
import { decodeText, type TextEncoding } from './sources/decode-text.js';
import { csvRecords } from './sources/csv-source.js';
import { xlsxRecords } from './sources/xlsx-source.js';
import type { HeaderMapping } from './sources/header-map.js';

export type FileFormat = 'csv' | 'xlsx';

export interface FileImportOptions {
  format: FileFormat;
  /** CSV only; detected when absent. */
  encoding?: TextEncoding;
  caller: string;
  regionPrefix?: string | null;
  dryRun?: boolean;
  batchSize?: number;
  /** Each rejected row with the cells as read, in row order. */
  onRejected?: (result: RecordResult, original: readonly string[] | undefined) => void | Promise<void>;
  /** After each batch: records done so far. */
  onProgress?: (done: number) => void;
  onHeader?: (mapping: HeaderMapping) => void;
}

export interface FileImportSummary extends IntakeSummary {
  /** CSV encoding used (detected or given). */
  encoding: TextEncoding | null;
  /** Header cells not used by the kind (ignored). */
  ignoredColumns: string[];
}

/** Format from a file name: `.xlsx` or `.csv` (anything else is read as CSV). */
export const formatOf = (fileName: string): FileFormat => (/\.xlsx$/i.test(fileName) ? 'xlsx' : 'csv');

/** One import file through THE intake pipeline: streamed, validated, written in batches. */
export async function importFile(em: EntityManager, kind: IntakeKind, bytes: Readable, opts: FileImportOptions): Promise<FileImportSummary> {
  let ignoredColumns: string[] = [];
  const onHeader = (m: HeaderMapping) => {
    ignoredColumns = m.ignored;
    opts.onHeader?.(m);
  };
  let encoding: TextEncoding | null = null;
  let source: AsyncIterable<SourceRecord>;
  if (opts.format === 'xlsx') source = xlsxRecords(bytes, kind, onHeader);
  else {
    const decoded = await decodeText(bytes, opts.encoding);
    encoding = decoded.encoding;
    source = csvRecords(decoded.text, kind, onHeader);
  }
  let done = 0;
  const summary = await ingest(em, kind, source, {
    caller: opts.caller,
    regionPrefix: opts.regionPrefix,
    dryRun: opts.dryRun,
    batchSize: opts.batchSize,
    onResults: async (results, originals) => {
      for (const r of results) if (r.status === 'REJECTED') await opts.onRejected?.(r, originals.get(r.rowNumber));
      done += results.length;
      opts.onProgress?.(done);
    },
  });
  return { ...summary, encoding, ignoredColumns };
}
