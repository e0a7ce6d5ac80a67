import fs from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { RecordResult } from './record-outcome.js';
import { neutraliseFormula } from '../reports/export/neutralise-formula.js';

/** Every reason of a rejected record on one line: `CODE field: message; …`. */
export const reasonsOf = (r: RecordResult) => r.errors.map((e) => `${e.code}${e.field ? ` ${e.field}` : ''}: ${e.message}`).join('; ');

/**
 * The rejects file of an import: UTF-8 CSV with a BOM (Excel opens it right), one line per
 * rejected row — its row number, the reasons, then the row's original cells under the file's
 * own header — so a clerk can fix the rows and import just this file again. Cells come from the
 * uploaded ledger and are opened in Excel, so a cell Excel would run as a formula
 * (`=HYPERLINK(…)`) is written as text, as report exports write it.
 */
export class RejectsFile {
  private readonly out: fs.WriteStream;
  private readonly csv = stringify();
  private headerWritten = false;
  count = 0;

  /** `mode`: the file's permissions when created (the CLI's default; 0o600 for a server's temporary copy). */
  constructor(
    readonly path: string,
    mode?: number,
  ) {
    this.out = fs.createWriteStream(path, mode === undefined ? undefined : { mode });
    this.out.write('\uFEFF');
    this.csv.pipe(this.out);
  }

  writeHeader(header: readonly string[]): void {
    this.csv.write(['行号 row', '拒收原因 reasons', ...header.map(neutraliseFormula)]);
    this.headerWritten = true;
  }

  async add(result: RecordResult, original: readonly string[] | undefined): Promise<void> {
    if (!this.headerWritten) this.writeHeader([]);
    this.count++;
    if (!this.csv.write([result.rowNumber, neutraliseFormula(reasonsOf(result)), ...(original ?? []).map(neutraliseFormula)])) await once(this.csv, 'drain');
  }

  /** Bytes handed to the file so far (the BOM and the CSV text; what is buffered included). */
  get bytes(): number {
    return this.out.bytesWritten + this.out.writableLength + this.csv.readableLength;
  }

  private closed: Promise<void> | null = null;

  /** Ends the file; a second call waits for the same end (the file's 'close' happens once). */
  close(): Promise<void> {
    if (!this.closed) {
      this.csv.end();
      this.closed = once(this.out, 'close').then(() => {});
    }
    return this.closed;
  }
}
