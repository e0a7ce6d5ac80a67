import type { EntityManager } from '@mikro-orm/postgresql';
import type { RawValue } from './field-parsers.js';
import type { IntakeKind } from '../contract/intake-kind.js';
import { validateRecord, type ValidRecord } from './validate-row.js';
import type { RecordError, RecordResult } from './record-outcome.js';
import type { RowScope } from '../auth/row-scope.js';
import { upsertBatch } from './upsert-batch.js';
import { placeReason, type RecordPosition } from './intake-reasons.js';
import { withPgClient } from '../db/pg-client.js';

/** One record from any source: its values by field, or the errors that kept it from having any. */
export interface SourceRecord {
  rowNumber: number;
  values: Readonly<Record<string, RawValue>> | null;
  /** Problems found before validation (e.g. a wrong column count), worded by the source: passed on as they are. */
  errors?: RecordError[];
  /** The row as it was read, for the rejects file. */
  original?: readonly string[];
  /**
   * The file's own header text per field (`{ idNumber: '公民身份号码' }`), so reasons name the
   * column as the clerk sees it; fields not given are named by the kind's Chinese header.
   */
  headers?: Readonly<Record<string, string>>;
}

export interface IntakeSummary {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  issuesRaised: number;
  dryRun: boolean;
}

export interface IntakeOptions {
  caller: string;
  /** The writer's row scope (default: every row); records outside it are rejected OUT_OF_REGION. */
  rows?: RowScope;
  dryRun?: boolean;
  /** Records per transaction (default 1000). */
  batchSize?: number;
  /** What `rowNumber` counts, for the reasons: file rows (`第5行`, default) or list indexes (`第6条记录`). */
  position?: RecordPosition;
  /** Called with each batch's results in row order, e.g. to write rejects and advance a progress bar. */
  onResults?: (results: readonly RecordResult[], originals: ReadonlyMap<number, readonly string[]>) => void | Promise<void>;
}

export const emptySummary = (dryRun: boolean): IntakeSummary => ({ created: 0, updated: 0, unchanged: 0, rejected: 0, issuesRaised: 0, dryRun });

export const COUNTERS = { CREATED: 'created', UPDATED: 'updated', UNCHANGED: 'unchanged', REJECTED: 'rejected' } as const;

/**
 * THE intake pipeline shared by GraphQL, the CLI and HTTP import: validates records as they
 * stream in and writes them in batches of set-based statements, one transaction each. While one
 * batch is being written the next is validated, and no more than two batches are ever held, so
 * memory stays flat for any file size. Every record ends up counted as stored or rejected.
 */
export async function ingest(em: EntityManager, kind: IntakeKind, source: AsyncIterable<SourceRecord> | Iterable<SourceRecord>, opts: IntakeOptions): Promise<IntakeSummary> {
  const dryRun = opts.dryRun ?? false;
  const batchSize = opts.batchSize ?? 1000;
  const position = opts.position ?? 'row';
  const summary = emptySummary(dryRun);
  // Header text per field as the source last gave it (one file has one header).
  let headers: SourceRecord['headers'];
  const placed = (r: RecordResult): RecordResult =>
    r.errors.length === 0 ? r : { ...r, errors: r.errors.map((e) => placeReason(kind, position, headers, r.rowNumber, e)) };
  return withPgClient(em, async (client) => {
    let pending: Promise<void> = Promise.resolve();
    let valid: ValidRecord[] = [];
    let rejected: RecordResult[] = [];
    let originals = new Map<number, readonly string[]>();

    const flush = async () => {
      const batch = { valid, rejected, originals };
      valid = [];
      rejected = [];
      originals = new Map();
      await pending;
      pending = (async () => {
        const outcome =
          batch.valid.length > 0 ? await upsertBatch(client, kind, batch.valid, { caller: opts.caller, dryRun, rows: opts.rows, position }) : { results: [], issuesRaised: 0 };
        const results = [...outcome.results.map(placed), ...batch.rejected].sort((a, b) => a.rowNumber - b.rowNumber);
        for (const r of results) summary[COUNTERS[r.status]]++;
        summary.issuesRaised += outcome.issuesRaised;
        await opts.onResults?.(results, batch.originals);
      })();
      // Surface a failed write at the next flush at the latest; avoid an unhandled rejection meanwhile.
      pending.catch(() => undefined);
    };

    try {
      for await (const record of source) {
        if (record.original) originals.set(record.rowNumber, record.original);
        if (record.headers) headers = record.headers;
        const outcome = record.values && !record.errors?.length ? validateRecord(kind, record.values, record.rowNumber) : null;
        if (outcome?.ok) valid.push(outcome.record);
        else if (outcome) rejected.push(placed({ rowNumber: record.rowNumber, sourceRecordId: outcome.rejection.sourceRecordId, status: 'REJECTED', errors: outcome.rejection.errors }));
        else rejected.push({ rowNumber: record.rowNumber, sourceRecordId: null, status: 'REJECTED', errors: record.errors ?? [] });
        if (valid.length + rejected.length >= batchSize) await flush();
      }
      if (valid.length + rejected.length > 0) await flush();
    } catch (err) {
      // The source failed (e.g. an unreadable file): let the batch in flight finish before the
      // connection goes back to the pool; what was written stays, a re-run completes the rest.
      await pending.catch(() => undefined);
      throw err;
    }
    await pending;
    return summary;
  });
}
