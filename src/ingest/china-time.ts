/**
 * Instants in department ledgers. Clerks write local time without a zone (`2025-12-10 08:22`,
 * `2025-12-10`) and Excel date-time cells carry none, so a time without a zone is China Standard
 * Time (Asia/Shanghai). China has kept UTC+8 without daylight saving since 1991, so the offset is
 * a constant rather than a time-zone database lookup.
 */
import { cleanText, excelSerialToDate, IntakeFieldError, parseDate, type RawValue } from './field-parsers.js';

export const CHINA_OFFSET = '+08:00';
export const CHINA_OFFSET_MS = 8 * 3_600_000;

const pad = (n: number) => String(n).padStart(2, '0');

function badDateTime(raw: string): IntakeFieldError {
  return new IntakeFieldError('BAD_DATE', `"${raw}" 不是有效的日期时间`, '请写成 2025-12-10 08:22:36 或 2025-12-10（不带时区的按北京时间）');
}

/** Milliseconds since the epoch of a wall-clock time, at `offset` (`Z`, `+08`, `+0800`, `+08:00`) or China time. */
function instant(raw: string, y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offset: string | undefined): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(wall);
  if (y < 1850 || y > 2200 || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) throw badDateTime(raw);
  if (offset === undefined) return wall - CHINA_OFFSET_MS;
  if (/^z$/i.test(offset)) return wall;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset)!;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 14 * 60) throw badDateTime(raw);
  return wall - (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}

const DATE_TIME =
  /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.(\d{1,9}))?秒?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * An instant as ISO 8601 UTC text: `2025-12-10 08:22:36+08:00`, `2025-12-10T00:22:36Z`, or a time
 * without a zone / a date alone (any form `parseDate` reads) taken as China time; an XLSX
 * date-time cell or an Excel serial with a day fraction likewise.
 */
export function parseDateTime(value: RawValue): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw badDateTime(String(value));
    // ExcelJS hands over a cell's wall-clock reading as the UTC fields of the Date.
    return new Date(value.getTime() - CHINA_OFFSET_MS).toISOString();
  }
  if (typeof value === 'number') {
    const day = excelSerialToDate(value);
    const seconds = Math.round((value - Math.floor(value)) * 86_400);
    return new Date(Date.parse(`${day}T00:00:00Z`) + seconds * 1000 - CHINA_OFFSET_MS).toISOString();
  }
  const raw = cleanText(String(value));
  const m = DATE_TIME.exec(raw);
  if (m && m[4] !== undefined) {
    const ms = Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0'));
    return new Date(instant(raw, Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms, m[8])).toISOString();
  }
  const day = parseDate(value);
  return new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS).toISOString();
}

/** `2025-12-10 08:22:36` in China time, as a clerk reads it, of an instant (Date or ISO text). */
export function formatChinaTime(value: Date | string): string {
  const t = new Date(new Date(value).getTime() + CHINA_OFFSET_MS);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
}
