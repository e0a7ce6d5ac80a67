import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import type { FileImportSummary } from './import-summary.js';
import type { RecordResult } from './record-outcome.js';
import { RejectsFile } from './rejects-file.js';
import { MAX_CELL_CHARS, truncateCell } from './sources/row-screen.js';

/**
 * Bytes of rejected rows one download holds at most. Cells are the uploader's own, but an XLSX
 * can point a million cells at one shared string: without a bound a 200 MB upload could write
 * tens of GB. Rows past it are counted (`rejectsNotListed`), not written.
 */
export const MAX_REJECTS_DOWNLOAD_BYTES = 256 * 1024 * 1024;

/** The summary as an ASCII header value: JSON with every non-ASCII character written `\uXXXX` (JSON.parse reads it back). */
export const asciiJson = (value: unknown) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The most bytes of the X-Import-Summary header. HTTP clients refuse answers whose headers pass
 * ~16 KB (undici's default), and a wide ledger's unused column names (listed twice: in
 * `ignoredColumns` and the message) could pass it.
 */
export const MAX_SUMMARY_HEADER_BYTES = 8 * 1024;

/** The summary header; past its bound without the column-name lists, which only a wide sheet makes long (their count kept). */
export function summaryHeader(summary: FileImportSummary & Record<string, unknown>): string {
  const whole = asciiJson(summary);
  if (whole.length <= MAX_SUMMARY_HEADER_BYTES) return whole;
  const { ignoredColumns, message: _message, ...rest } = summary;
  return asciiJson({ ...rest, ignoredColumns: [], ignoredColumnCount: ignoredColumns.length, message: null, summaryShortened: true });
}

/**
 * `POST /import/…?rejects=csv`: the answer is the rejects file itself — every rejected row in the
 * CLI's `<file>.rejects.csv` format (row number, reasons, the row's original cells under the
 * file's own header; UTF-8 with a BOM; formulas neutralised) — with the summary in the
 * `X-Import-Summary` header, so a clerk gets all rejects of a large file over HTTP, not only the
 * first 1,000 the JSON answer lists. The rows are written to a private temporary file while the
 * import runs (the answer's status is only known at the end) and streamed from it; the file is
 * removed once sent or when the import fails. The sources already cut a rejected row's cells
 * at the longest accepted cell (row-screen.ts; such a row is rejected CELL_TOO_LONG), the header
 * is cut here the same way, and the whole is bounded by `maxBytes`.
 */
export class RejectsDownload {
  private readonly dir: string;
  private readonly file: RejectsFile;
  private notWritten = 0;

  /** `root`: where the private directory is made (the system's temporary directory). */
  constructor(
    private readonly maxBytes = MAX_REJECTS_DOWNLOAD_BYTES,
    root = os.tmpdir(),
  ) {
    this.dir = fs.mkdtempSync(path.join(root, 'caregraph-rejects-'));
    this.file = new RejectsFile(path.join(this.dir, 'rejects.csv'), 0o600);
  }

  writeHeader(header: readonly string[]): void {
    this.file.writeHeader(header.map((c) => truncateCell(c, MAX_CELL_CHARS)));
  }

  async add(result: RecordResult, original: readonly string[] | undefined): Promise<void> {
    if (this.file.bytes >= this.maxBytes) {
      this.notWritten++;
      return;
    }
    await this.file.add(result, original);
  }

  /** Sends the file with the summary; removes it once the answer is sent (or abandoned). */
  async send(reply: FastifyReply, summary: FileImportSummary, uploadedName: string): Promise<FastifyReply> {
    await this.file.close();
    const name = `${path.basename(uploadedName).replace(/\.[^.]*$/, '') || 'import'}.rejects.csv`;
    reply
      .header('x-import-summary', summaryHeader({ ...summary, rejectsListed: this.file.count, rejectsNotListed: this.notWritten }))
      .header('content-disposition', `attachment; filename="rejects.csv"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .type('text/csv; charset=utf-8');
    // Opened last: a stream nobody reads would hold its file open.
    const stream = fs.createReadStream(this.file.path);
    stream.once('close', () => void this.remove());
    return reply.send(stream);
  }

  /** The import failed: nothing to send. */
  async discard(): Promise<void> {
    await this.file.close().catch(() => {});
    await this.remove();
  }

  private remove(): Promise<void> {
    return fs.promises.rm(this.dir, { recursive: true, force: true });
  }
}
