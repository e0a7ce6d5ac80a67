import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { IntakeKind } from '../intake-kind.js';
import type { SourceRecord } from '../intake-pipeline.js';
import { ImportFileError, mapHeader, type HeaderMapping } from './header-map.js';

const newlines = (fields: readonly string[]) => {
  let n = 0;
  for (const f of fields) if (f.includes('\n')) n += f.split('\n').length - 1;
  return n;
};

/**
 * Streams a CSV's records as SourceRecords. Row numbers are the file line a record starts on
 * (header = 1), as a text editor shows; quoted fields may hold commas and newlines; blank lines
 * are skipped; a row with another number of cells than the header is rejected, not guessed at.
 */
export async function* csvRecords(text: Readable, kind: IntakeKind, onHeader?: (mapping: HeaderMapping) => void): AsyncGenerator<SourceRecord> {
  // relax_quotes: a stray quote inside an unquoted cell (`3"5`) is text, as Excel reads it.
  const parser = text.pipe(parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, bom: true }));
  try {
    yield* records(parser, kind, onHeader);
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = (err as CsvError & { lines?: number }).lines;
    throw new ImportFileError('UNREADABLE_FILE', `the CSV cannot be read${line ? ` at line ${line}` : ''}: ${err.message}; fix it and import again (rows already stored report UNCHANGED)`);
  }
}

async function* records(parser: AsyncIterable<unknown>, kind: IntakeKind, onHeader?: (mapping: HeaderMapping) => void): AsyncGenerator<SourceRecord> {
  let mapping: HeaderMapping | null = null;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const rowNumber = info.lines - newlines(record);
    if (!mapping) {
      mapping = mapHeader(kind, record);
      onHeader?.(mapping);
      continue;
    }
    if (record.every((v) => v.trim() === '')) continue;
    if (record.length !== mapping.fields.length) {
      yield {
        rowNumber, values: null, original: record,
        errors: [{ code: 'WRONG_COLUMN_COUNT', field: null, message: `row has ${record.length} cells; the header has ${mapping.fields.length}` }],
      };
      continue;
    }
    const values: Record<string, string> = {};
    mapping.fields.forEach((f, i) => {
      if (f) values[f] = record[i]!;
    });
    yield { rowNumber, values, original: record };
  }
  if (!mapping) throw new ImportFileError('EMPTY_FILE', 'the file has no header row');
}
