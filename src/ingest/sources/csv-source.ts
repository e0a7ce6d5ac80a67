import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { IntakeKind } from '../../contract/intake-kind.js';
import type { SourceRecord } from '../intake-pipeline.js';
import { ImportFileError } from './header-map.js';
import { HeaderLocator } from './header-row.js';
import { MAX_CELL_CHARS, screenCells, truncateCell } from './row-screen.js';
import { isTotalRow } from './total-row.js';
import type { SourceHooks } from './source-hooks.js';

/** Characters one CSV record may span before the file is refused (a runaway quote, a hostile file). */
const MAX_RECORD_CHARS = 64 * MAX_CELL_CHARS;

const count = (fields: readonly string[], pattern: RegExp) => fields.reduce((n, f) => n + (f.match(pattern)?.length ?? 0), 0);

/**
 * Physical row numbers from csv-parse's line counter. Outside quotes it counts each record break
 * once; inside a quoted cell it counts every \r and every \n, so a cell holding \r\n adds one
 * line too many — to this record and every later one. `extra` carries that excess.
 */
function rowNumbering() {
  let extra = 0;
  return (record: readonly string[], lines: number) => {
    const breakChars = count(record, /[\r\n]/g);
    const row = lines - extra - breakChars;
    extra += count(record, /\r\n/g);
    return row;
  };
}

/**
 * Streams a CSV's records as SourceRecords. Row numbers are the file line a record starts on,
 * as a text editor shows; a record ends at \r\n, \n or \r alike (files pasted together from
 * several exports mix them), while quoted cells may hold commas, quotes and line breaks. Title
 * rows above the header are skipped, as are blank lines and a sum row (合计); a row with another
 * number of cells than the header is rejected, not guessed at.
 */
export async function* csvRecords(text: Readable, kind: IntakeKind, hooks: SourceHooks = {}): AsyncGenerator<SourceRecord> {
  // relax_quotes: a stray quote inside an unquoted cell (`3"5`) is text, as Excel reads it.
  const parser = text.pipe(
    parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, bom: true, record_delimiter: ['\r\n', '\n', '\r'], max_record_size: MAX_RECORD_CHARS }),
  );
  text.on('error', (err) => parser.destroy(err));
  try {
    yield* records(parser, kind, hooks);
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = (err as CsvError & { lines?: number }).lines;
    const why = err.code === 'CSV_MAX_RECORD_SIZE' ? `一行超过${MAX_RECORD_CHARS}个字符（常见原因：引号没有配对）` : err.message;
    throw new ImportFileError('UNREADABLE_FILE', `CSV 文件无法读取${line ? `（第${line}行附近）` : ''}：${why}；修正后重新导入（已保存的行会显示为未变）`);
  }
}

async function* records(parser: AsyncIterable<unknown>, kind: IntakeKind, hooks: SourceHooks): AsyncGenerator<SourceRecord> {
  const locator = new HeaderLocator(kind);
  const rowOf = rowNumbering();
  let mapping = null;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const rowNumber = rowOf(record, info.lines);
    if (!mapping) {
      mapping = locator.offer(record, rowNumber);
      if (mapping) hooks.onHeader?.(mapping);
      continue;
    }
    if (record.every((v) => v.trim() === '')) continue;
    if (isTotalRow(record, mapping)) {
      hooks.onTotalRow?.(rowNumber);
      continue;
    }
    const original = record.map((c) => truncateCell(c));
    const headers = mapping.headers;
    if (record.length !== mapping.fields.length) {
      const message = `第${rowNumber}行有${record.length}个单元格，表头有${mapping.fields.length}列（常见原因：单元格中有逗号却没有加引号）`;
      yield { rowNumber, values: null, original, headers, errors: [{ code: 'WRONG_COLUMN_COUNT', field: null, message }] };
      continue;
    }
    const errors = screenCells(record, mapping, rowNumber);
    if (errors.length > 0) {
      yield { rowNumber, values: null, original, headers, errors };
      continue;
    }
    const values: Record<string, string> = {};
    mapping.fields.forEach((f, i) => {
      if (f) values[f] = record[i]!;
    });
    yield { rowNumber, values, original, headers };
  }
  if (!mapping) locator.fail();
}
