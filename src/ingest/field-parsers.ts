/**
 * Value parsers for intake columns. Department ledgers arrive as Excel exports, so each parser is
 * forgiving about form (`2024/3/1`, Excel serial days, full-width digits, `是/否`, `1,200元`) and
 * strict about content; a value it cannot read throws an `IntakeFieldError` saying, in the
 * clerk's language, what was wrong with it and, where the cause is known, how to fix it.
 */

export class IntakeFieldError extends Error {
  constructor(
    /** Stable English code for programs: `BAD_MONEY`. */
    readonly code: string,
    /** What is wrong with the value, in Chinese: `"1.2.3" 不是金额`. */
    readonly reason: string,
    /** How to put it right, when the cause is known. */
    readonly hint?: string,
  ) {
    super(hint ? `${reason} — ${hint}` : reason);
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
    throw new IntakeFieldError('BAD_DATE', `"${raw}" 不是日历上存在的日期`);
  }
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Excel's 1900 date system: serial 1 is 1900-01-01 and Excel counts a 1900-02-29 that never
 * existed, so serials from 61 on are one day ahead of the real calendar.
 */
export function excelSerialToDate(serial: number): string {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) throw new IntakeFieldError('BAD_DATE', `${serial} 不是 Excel 日期`);
  if (Math.floor(serial) === 60) throw new IntakeFieldError('BAD_DATE', 'Excel 日期 60 是 1900-02-29，这一天并不存在');
  const days = Math.floor(serial) - (serial > 60 ? 1 : 0);
  const ms = Date.UTC(1899, 11, 31) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** `2024-03-01`, `2024/3/1`, `2024.3.1`, `2024年3月1日`, `20240301`, an Excel serial, or a Date. */
export function parseDate(value: RawValue): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new IntakeFieldError('BAD_DATE', '单元格里的日期无效');
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') return excelSerialToDate(value);
  const raw = cleanText(String(value));
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(raw);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  if (/^\d{1,7}(\.\d+)?$/.test(raw)) return excelSerialToDate(Number(raw));
  throw new IntakeFieldError('BAD_DATE', `"${raw}" 不是日期`, '请写成 2024-03-01、2024/3/1 或 2024年3月1日，或使用 Excel 日期单元格');
}

const MONEY_HINT = '请填写以元为单位的金额，如 360、360元、1,200.00 或 ￥1200.5';

/**
 * Yuan with at most two decimals, as a numeric literal (never a float). Ledgers write amounts as
 * `360元`, `￥1,200.00`, `１，２００．００` or Excel numbers; anything that could be read two ways
 * (`1.2.3`, `1,20`), is negative or has fractions of a fen is refused rather than guessed at.
 */
export function parseMoney(value: RawValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new IntakeFieldError('BAD_MONEY', `${value} 不是金额`, MONEY_HINT);
    if (value < 0) throw new IntakeFieldError('BAD_MONEY', `金额 ${value} 是负数`, '金额不能为负数');
    // An Excel number cell: toFixed rounds the binary noise of 0.1 + 0.2 to whole fen.
    return value.toFixed(2);
  }
  const shown = cleanText(String(value));
  let raw = shown.replace(/\s+/g, '').replace(/\u2212/g, '-');
  const negative = /^-|^[¥￥]-/.test(raw);
  raw = raw.replace(/^-/, '').replace(/^[¥￥]-?/, '').replace(/元整?$/, '');
  if (raw.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(raw)) throw new IntakeFieldError('BAD_MONEY', `"${shown}" 的千分位分隔符位置不对`, MONEY_HINT);
    raw = raw.replace(/,/g, '');
  }
  const m = /^(\d+)(?:\.(\d+))?$/.exec(raw);
  if (!m) throw new IntakeFieldError('BAD_MONEY', `"${shown}" 不是金额`, MONEY_HINT);
  if (negative) throw new IntakeFieldError('BAD_MONEY', `金额 "${shown}" 是负数`, '金额不能为负数');
  if ((m[2] ?? '').length > 2) throw new IntakeFieldError('BAD_MONEY', `"${shown}" 有 ${m[2]!.length} 位小数`, '金额最多两位小数（精确到分）');
  const yuan = m[1]!.replace(/^0+(?=\d)/, '');
  if (yuan.length > 10) throw new IntakeFieldError('BAD_MONEY', `"${shown}" 超出金额上限`, '请检查是否多填了数字');
  return `${yuan}.${(m[2] ?? '').padEnd(2, '0')}`;
}

/** A whole number within [min, max]. */
export function parseInteger(value: RawValue, min: number, max: number): number {
  const raw = typeof value === 'number' ? String(value) : cleanText(String(value));
  if (!/^-?\d+$/.test(raw)) throw new IntakeFieldError('BAD_INTEGER', `"${raw}" 不是整数`);
  const n = Number(raw);
  if (n < min || n > max) throw new IntakeFieldError('OUT_OF_RANGE', `${n} 超出范围`, `应在 ${min} 到 ${max} 之间`);
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
  throw new IntakeFieldError('BAD_BOOLEAN', `"${raw}" 不是“是/否”`, '请填 是 或 否（也可填 1/0、true/false）');
}

/** An enum value by its code (any case) or one of its Chinese labels. */
export function parseEnum(value: RawValue, values: Readonly<Record<string, readonly string[]>>): string {
  const raw = cleanText(String(value));
  const code = raw.toUpperCase().replace(/[ -]/g, '_');
  if (Object.hasOwn(values, code)) return code;
  for (const [key, labels] of Object.entries(values)) if (labels.includes(raw)) return key;
  const accepted = Object.entries(values).map(([key, labels]) => labels[0] ?? key);
  throw new IntakeFieldError('UNKNOWN_ENUM_VALUE', `"${raw}" 不是可选的值`, `可填：${accepted.join('、')}`);
}

/** Trimmed text of at most `maxLength` characters; full-width punctuation (，) is Chinese text and stays. */
export function parseText(value: RawValue, maxLength: number): string {
  const raw = value instanceof Date ? value.toISOString().slice(0, 10) : String(value).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  if (raw.length > maxLength) throw new IntakeFieldError('TOO_LONG', `内容有 ${raw.length} 个字`, `最多 ${maxLength} 个字，请删减`);
  return raw;
}

const MONTH_HINT = '请写成 2025-03、2025年3月 或某一天的日期';

/**
 * A month as the first day of it: `2025-03`, `2025/3`, `2025.3`, `2025年3月`, `202503`, or any
 * form `parseDate` reads (a day within the month, an Excel serial, a Date cell).
 */
export function parseMonth(value: RawValue): string {
  if (typeof value === 'string') {
    const raw = cleanText(value);
    if (/^\d{4}$/.test(raw)) throw new IntakeFieldError('BAD_MONTH', `"${raw}" 只有年份，没有月份`, MONTH_HINT);
    const m = /^(\d{4})(?:[-/.年](\d{1,2})月?|(\d{2}))$/.exec(raw);
    if (m) {
      const month = Number(m[2] ?? m[3]);
      if (month < 1 || month > 12) throw new IntakeFieldError('BAD_MONTH', `"${raw}" 中没有 ${month} 月`, MONTH_HINT);
      return isoDate(Number(m[1]), month, 1, raw);
    }
  }
  try {
    return `${parseDate(value).slice(0, 7)}-01`;
  } catch {
    throw new IntakeFieldError('BAD_MONTH', `"${cleanText(String(value))}" 不是月份`, MONTH_HINT);
  }
}

/** A 12-digit division code (statistical code down to village level); existence is checked later. */
export function parseRegionCode(value: RawValue): string {
  const raw = typeof value === 'number' ? String(value) : cleanText(String(value));
  if (!/^\d{12}$/.test(raw)) throw new IntakeFieldError('BAD_REGION_CODE', `"${raw}" 不是12位行政区划代码`, '请填写到村一级的12位统计用区划代码，如 410823101001');
  return raw;
}
