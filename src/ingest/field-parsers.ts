/**
 * Value parsers for intake columns. Department ledgers arrive as Excel exports, so each parser is
 * forgiving about form (`2024/3/1`, Excel serial days, full-width digits, `是/否`) and strict about
 * content; a value it cannot read throws an `IntakeFieldError` naming what was wrong.
 */

export class IntakeFieldError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A raw cell: text from CSV, or a typed value from GraphQL or an XLSX cell. */
export type RawValue = string | number | boolean | Date | null | undefined;

/** Full-width ASCII (Ｕ+FF01…FF5E) and the ideographic space become their ASCII forms; trimmed. */
export function cleanText(value: string): string {
  return value.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ').trim();
}

/** True for a missing value: null, undefined or blank text. */
export function isBlank(value: RawValue): boolean {
  return value === null || value === undefined || (typeof value === 'string' && cleanText(value) === '');
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(y: number, m: number, d: number, raw: string): string {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1850 || y > 2200 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new IntakeFieldError('BAD_DATE', `"${raw}" is not a real calendar date`);
  }
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Excel's 1900 date system: serial 1 is 1900-01-01 and Excel counts a 1900-02-29 that never
 * existed, so serials from 61 on are one day ahead of the real calendar.
 */
export function excelSerialToDate(serial: number): string {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) throw new IntakeFieldError('BAD_DATE', `${serial} is not an Excel date serial`);
  if (Math.floor(serial) === 60) throw new IntakeFieldError('BAD_DATE', 'Excel serial 60 is 1900-02-29, a day that never existed');
  const days = Math.floor(serial) - (serial > 60 ? 1 : 0);
  const ms = Date.UTC(1899, 11, 31) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** `2024-03-01`, `2024/3/1`, `2024.3.1`, `2024年3月1日`, `20240301`, an Excel serial, or a Date. */
export function parseDate(value: RawValue): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new IntakeFieldError('BAD_DATE', 'invalid date');
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') return excelSerialToDate(value);
  const raw = cleanText(String(value));
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(raw);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  if (/^\d{1,7}(\.\d+)?$/.test(raw)) return excelSerialToDate(Number(raw));
  throw new IntakeFieldError('BAD_DATE', `"${raw}" is not a date; use 2024-03-01, 2024/3/1 or an Excel date`);
}

/** An instant: ISO 8601 text, a date (midnight UTC), a Date or an Excel serial. */
export function parseDateTime(value: RawValue): string {
  if (value instanceof Date) return value.toISOString();
  const raw = typeof value === 'number' ? String(value) : cleanText(String(value));
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(raw)) {
    const date = new Date(raw.replace(' ', 'T'));
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  return `${parseDate(value)}T00:00:00.000Z`;
}

/** Yuan with at most two decimals, thousands separators and a leading ¥ allowed; never a float. */
export function parseMoney(value: RawValue): string {
  const raw = typeof value === 'number' ? value.toFixed(2) : cleanText(String(value)).replace(/^[¥￥]/, '').replace(/,/g, '');
  const m = /^(-?\d{1,10})(?:\.(\d{1,2}))?$/.exec(raw);
  if (!m) throw new IntakeFieldError('BAD_MONEY', `"${String(value)}" is not an amount in yuan with at most two decimals`);
  if (m[1]!.startsWith('-')) throw new IntakeFieldError('BAD_MONEY', `amount "${raw}" is negative`);
  return `${m[1]}.${(m[2] ?? '').padEnd(2, '0')}`;
}

/** A whole number within [min, max]. */
export function parseInteger(value: RawValue, min: number, max: number): number {
  const raw = typeof value === 'number' ? String(value) : cleanText(String(value));
  if (!/^-?\d+$/.test(raw)) throw new IntakeFieldError('BAD_INTEGER', `"${raw}" is not a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new IntakeFieldError('OUT_OF_RANGE', `${n} is outside ${min}–${max}`);
  return n;
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1', '是', '有', '√']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', '否', '无', '×']);

/** `true/false`, `yes/no`, `1/0`, `是/否`, `有/无`. */
export function parseBoolean(value: RawValue): boolean {
  if (typeof value === 'boolean') return value;
  const raw = cleanText(String(value)).toLowerCase();
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw new IntakeFieldError('BAD_BOOLEAN', `"${raw}" is not yes/no (是/否, true/false, 1/0)`);
}

/** An enum value by its code (any case) or one of its Chinese labels. */
export function parseEnum(value: RawValue, values: Readonly<Record<string, readonly string[]>>): string {
  const raw = cleanText(String(value));
  const code = raw.toUpperCase().replace(/[ -]/g, '_');
  if (Object.hasOwn(values, code)) return code;
  for (const [key, labels] of Object.entries(values)) if (labels.includes(raw)) return key;
  throw new IntakeFieldError('UNKNOWN_ENUM_VALUE', `"${raw}" is not one of ${Object.keys(values).join(', ')}`);
}

/** Trimmed text of at most `maxLength` characters; full-width punctuation (，) is Chinese text and stays. */
export function parseText(value: RawValue, maxLength: number): string {
  const raw = value instanceof Date ? value.toISOString().slice(0, 10) : String(value).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  if (raw.length > maxLength) throw new IntakeFieldError('TOO_LONG', `${raw.length} characters; at most ${maxLength} allowed`);
  return raw;
}

/**
 * A month as the first day of it: `2025-03`, `2025/3`, `2025.3`, `2025年3月`, `202503`, or any
 * form `parseDate` reads (a day within the month, an Excel serial, a Date cell).
 */
export function parseMonth(value: RawValue): string {
  if (typeof value === 'string') {
    const raw = cleanText(value);
    if (/^\d{4}$/.test(raw)) throw new IntakeFieldError('BAD_MONTH', `"${raw}" is a year, not a month; use 2025-03 or 2025年3月`);
    const m = /^(\d{4})(?:[-/.年](\d{1,2})月?|(\d{2}))$/.exec(raw);
    if (m) {
      const month = Number(m[2] ?? m[3]);
      if (month < 1 || month > 12) throw new IntakeFieldError('BAD_MONTH', `"${raw}" has no month ${month}`);
      return isoDate(Number(m[1]), month, 1, raw);
    }
  }
  try {
    return `${parseDate(value).slice(0, 7)}-01`;
  } catch {
    throw new IntakeFieldError('BAD_MONTH', `"${cleanText(String(value))}" is not a month; use 2025-03, 2025年3月 or a date`);
  }
}

/** A 12-digit division code (statistical code down to village level); existence is checked later. */
export function parseRegionCode(value: RawValue): string {
  const raw = typeof value === 'number' ? String(value) : cleanText(String(value));
  if (!/^\d{12}$/.test(raw)) throw new IntakeFieldError('BAD_REGION_CODE', `"${raw}" is not a 12-digit division code`);
  return raw;
}
