import type { IntakeKind } from '../intake-kind.js';
import { allColumns } from '../identity-columns.js';
import { cleanText } from '../field-parsers.js';

/** A file whose header cannot be read: the import stops before any row is touched. */
export class ImportFileError extends Error {
  constructor(
    readonly code: 'MISSING_COLUMN' | 'DUPLICATE_COLUMN' | 'EMPTY_FILE' | 'UNREADABLE_FILE',
    message: string,
  ) {
    super(message);
  }
}

/** Header text as compared: full-width folded, spaces, `*` required markers and bracketed notes dropped. */
export function headerKey(header: string): string {
  return cleanText(header)
    .replace(/^\uFEFF/, '')
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*_\-]/g, '')
    .toLowerCase();
}

export interface HeaderMapping {
  /** The header row as read. */
  header: string[];
  /** Field name per file column (null: a column the kind does not use, ignored). */
  fields: Array<string | null>;
  ignored: string[];
}

/**
 * Maps a file's header row onto the kind's fields by Chinese header, alias or English field name
 * (any case). Fails when a required column is missing or one field appears twice.
 */
export function mapHeader(kind: IntakeKind, header: readonly string[]): HeaderMapping {
  const byKey = new Map<string, string>();
  for (const c of allColumns(kind)) for (const name of [c.zh, ...c.aliases, c.field, c.column]) byKey.set(headerKey(name), c.field);
  const fields = header.map((h) => byKey.get(headerKey(h)) ?? null);
  const seen = new Set<string>();
  for (const [i, f] of fields.entries()) {
    if (f === null) continue;
    if (seen.has(f)) throw new ImportFileError('DUPLICATE_COLUMN', `column ${i + 1} "${header[i]}" maps to ${f}, which an earlier column already gives`);
    seen.add(f);
  }
  const missing = allColumns(kind).filter((c) => c.required && !seen.has(c.field));
  if (missing.length > 0) {
    throw new ImportFileError('MISSING_COLUMN', `missing required column(s): ${missing.map((c) => `${c.zh} (${c.field})`).join(', ')}`);
  }
  return { header: [...header], fields, ignored: header.filter((_, i) => fields[i] === null) };
}
