/**
 * HTTP headers for a downloaded report: the media type, and a `Content-Disposition` whose file
 * name survives Chinese titles in every browser (RFC 6266 with RFC 8187 `filename*`).
 */

/** The export formats offered to callers. */
export type ExportFormat = 'csv' | 'xlsx';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  // The charset matches the BOM the CSV writer emits.
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Name used when there is no title, and the ASCII fallback for a non-ASCII title. */
const DEFAULT_NAME = '报表';
const ASCII_FALLBACK = 'report';

/** Longest base name kept, in code points: some file systems cap a name at 255 bytes. */
const MAX_NAME_CHARS = 80;

/** Characters Windows forbids in file names, plus control characters. */
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;

/** A title that can go into a quoted-string `filename` as is (no quote, backslash or control). */
const PLAIN_ASCII = /^[A-Za-z0-9 ._()-]+$/;

/** The `Content-Type` header value for `format`. */
export function exportContentType(format: ExportFormat): string {
  return CONTENT_TYPES[format];
}

/** The title as a file base name: unsafe characters dropped, trimmed, length-capped. */
function baseName(title: string | null): string {
  const cleaned = (title ?? '').replace(UNSAFE_IN_FILE_NAME, '').trim();
  const capped = Array.from(cleaned).slice(0, MAX_NAME_CHARS).join('').trim();
  // A name of only dots would be hidden or meaningless as a file name.
  return capped === '' || /^\.+$/.test(capped) ? DEFAULT_NAME : capped;
}

/**
 * RFC 8187 `value-chars`: encodeURIComponent leaves `'()*` unescaped, but those are not
 * `attr-char`s, so a strict parser would stop at them.
 */
function encodeExtValue(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The `Content-Disposition` header value for downloading a report titled `title`, e.g.
 * `attachment; filename="report.xlsx"; filename*=UTF-8''%E4%BD%8E%E4%BF%9D.xlsx`.
 * Old clients use the ASCII `filename` (the title itself when it is plain ASCII, else `report`);
 * every current browser prefers `filename*`.
 */
export function exportFileName(title: string | null, format: ExportFormat): string {
  const name = baseName(title);
  const fallback = PLAIN_ASCII.test(name) ? name : ASCII_FALLBACK;
  return `attachment; filename="${fallback}.${format}"; filename*=UTF-8''${encodeExtValue(name)}.${format}`;
}
