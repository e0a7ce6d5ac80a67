/**
 * Bulk loading through `COPY … FROM STDIN` (text format) with pg-copy-streams. Rows are encoded
 * lazily into ~256 KB chunks and pulled by the stream, so memory stays flat however many rows a
 * table gets and the socket's backpressure is honoured.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CopyRow, CopyValue } from '../contract/seed-table.js';

const CHUNK_CHARS = 256 * 1024;
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY text format: `\N` for null, `t`/`f` for booleans, escaped text otherwise. */
export function encodeCopyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

/** One row as a COPY text line (tab-separated, newline-terminated). */
export function encodeCopyRow(row: CopyRow): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + encodeCopyValue(row[i]);
  return line + '\n';
}

function* chunksOf(rows: Iterable<CopyRow>, counter: { rows: number }): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += encodeCopyRow(row);
    counter.rows++;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Double-quotes an identifier (schema.table and column names come from code, never from input). */
function quoteIdent(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}

/**
 * Streams rows into `table` with one COPY statement.
 * @param table qualified name, e.g. `core.person`
 * @param columns column names in the order the rows give their values
 * @returns the number of rows written
 */
export async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: Iterable<CopyRow>): Promise<number> {
  const counter = { rows: 0 };
  const sql = `copy ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) from stdin`;
  const sink = client.query(copyFrom(sql));
  await pipeline(Readable.from(chunksOf(rows, counter), { objectMode: false }), sink);
  return counter.rows;
}
