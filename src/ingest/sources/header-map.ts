import type { IntakeColumn, IntakeKind } from '../../contract/intake-kind.js';
import { allColumns } from '../identity-columns.js';
import { cleanText } from '../field-parsers.js';

export type ImportFileErrorCode = 'MISSING_COLUMN' | 'DUPLICATE_COLUMN' | 'EMPTY_FILE' | 'UNREADABLE_FILE' | 'FILE_TOO_LARGE';

/** A file that cannot be read as a ledger: the import stops (before any row when found at the header). */
export class ImportFileError extends Error {
  constructor(
    readonly code: ImportFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Header text as compared: full-width folded, spaces and line breaks (wrapped Excel headers),
 * `*` required markers, bracketed notes (`（元）`, `(必填)`) and a trailing unit (`/元`) dropped.
 */
export function headerKey(header: string): string {
  return cleanText(header)
    .replace(/^\uFEFF/, '')
    .replace(/[(（【\[][^)）】\]]*[)）】\]]/g, '')
    .replace(/[/／]\s*元\s*$/, '')
    .replace(/[\s*_\-]/g, '')
    .toLowerCase();
}

export interface HeaderMapping {
  /** The header row as read. */
  header: string[];
  /** The header's physical row in the file (1 unless title rows stand above it). */
  headerRow: number;
  /** Field name per file column (null: a column the kind does not use, ignored). */
  fields: Array<string | null>;
  /** The file's own header text per field, so reasons name a column as the clerk sees it. */
  headers: Record<string, string>;
  ignored: string[];
}

/** How a row reads as the kind's header: the mapping, and what keeps it from being one. */
export interface HeaderMatch {
  mapping: HeaderMapping;
  /** Columns of the kind the row recognises. */
  known: number;
  missing: IntakeColumn[];
  /** A second column naming a field already given: `第3列「公民身份号码」…`. */
  duplicate: string | null;
}

function columnsByKey(kind: IntakeKind): Map<string, IntakeColumn> {
  const byKey = new Map<string, IntakeColumn>();
  for (const c of allColumns(kind)) for (const name of [c.zh, ...c.aliases, c.field, c.column]) byKey.set(headerKey(name), c);
  return byKey;
}

/** Reads `header` as the kind's header row by Chinese header, alias or English field name (any case). */
export function matchHeader(kind: IntakeKind, header: readonly string[], headerRow = 1): HeaderMatch {
  const byKey = columnsByKey(kind);
  const columns = header.map((h) => byKey.get(headerKey(h)) ?? null);
  const seen = new Set<string>();
  const headers: Record<string, string> = {};
  let duplicate: string | null = null;
  for (const [i, c] of columns.entries()) {
    if (c === null) continue;
    if (seen.has(c.field)) {
      duplicate ??= `第${i + 1}列「${header[i]}」与前面的列「${headers[c.field]}」都对应 ${c.field}（${c.zh}），请删去其中一列`;
      continue;
    }
    seen.add(c.field);
    headers[c.field] = header[i]!.trim();
  }
  const fields = columns.map((c) => c?.field ?? null);
  return {
    mapping: { header: [...header], headerRow, fields, headers, ignored: header.filter((h, i) => fields[i] === null && h.trim() !== '') },
    known: seen.size,
    missing: allColumns(kind).filter((c) => c.required && !seen.has(c.field)),
    duplicate,
  };
}

/** The missing-column sentence: `缺少必填列：走访类型 (kind)、…`. */
export const missingColumnsMessage = (missing: readonly IntakeColumn[]) => `缺少必填列：${missing.map((c) => `${c.zh} (${c.field})`).join('、')}`;

/**
 * Maps a header row onto the kind's fields. Fails when a required column is missing or one
 * field appears twice.
 */
export function mapHeader(kind: IntakeKind, header: readonly string[], headerRow = 1): HeaderMapping {
  const match = matchHeader(kind, header, headerRow);
  if (match.duplicate) throw new ImportFileError('DUPLICATE_COLUMN', match.duplicate);
  if (match.missing.length > 0) throw new ImportFileError('MISSING_COLUMN', missingColumnsMessage(match.missing));
  return match.mapping;
}
