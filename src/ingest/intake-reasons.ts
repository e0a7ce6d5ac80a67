/**
 * Reasons a record is refused, in the clerk's language: every message names where (`第5行`, or
 * `第3条记录` in a GraphQL list) and the column as the file itself headed it (`「公民身份号码」`),
 * then what is wrong and, where the cause is known, what to do. The English `code` stays stable
 * for programs; only the sentence is for people.
 */
import { checkCharacter, IdNumberError, parseIdNumber, type ParsedIdNumber } from '../identity/id-number.js';
import { cleanText, IntakeFieldError, type RawValue } from './field-parsers.js';
import type { IntakeKind } from '../contract/intake-kind.js';
import { allColumns } from './identity-columns.js';
import type { RecordError } from './record-outcome.js';

/** How records are counted: file rows (header = row 1) or 0-based indexes of a GraphQL list. */
export type RecordPosition = 'row' | 'index';

export function positionLabel(position: RecordPosition, rowNumber: number): string {
  return position === 'row' ? `第${rowNumber}行` : `第${rowNumber + 1}条记录`;
}

/** The kind's Chinese name from its title: `救助认定` of `Assistance enrolment (救助认定)`. */
export function chineseTitle(kind: IntakeKind): string {
  return /[(（]([^)）]+)[)）]\s*$/.exec(kind.title)?.[1] ?? kind.name;
}

/** The column's header as the file wrote it, else the kind's Chinese header, else the field name. */
export function headerOf(kind: IntakeKind, field: string, headers?: Readonly<Record<string, string>>): string {
  return headers?.[field] ?? allColumns(kind).find((c) => c.field === field)?.zh ?? field;
}

/**
 * Puts a reason in place: `第5行「身份证号」：4.10823E+17 不是身份证号 — …`. A reason that reads
 * on from the header as one sentence (`为必填项`) follows it without the colon.
 */
export function placeReason(
  kind: IntakeKind,
  position: RecordPosition,
  headers: Readonly<Record<string, string>> | undefined,
  rowNumber: number,
  error: RecordError,
): RecordError {
  const where = positionLabel(position, rowNumber);
  if (error.field === null) return { ...error, message: `${where}：${error.message}` };
  const join = error.message.startsWith('为') ? '' : '：';
  return { ...error, message: `${where}「${headerOf(kind, error.field, headers)}」${join}${error.message}` };
}

/** The reason for a blank required cell. */
export const REQUIRED_REASON = '为必填项，不能为空';

const TEXT_COLUMN_HINT = '请把该列设为文本后重新导出';

/**
 * An ID number read (canonical 18 characters and what they encode), or an IntakeFieldError (code `ID_NUMBER_<reason>`)
 * saying in Chinese why not — naming the Excel habits that cause most of them.
 */
export function readIdNumber(value: RawValue): ParsedIdNumber {
  if (typeof value === 'number') {
    // An Excel number cell keeps 15 significant digits: an 18-digit number has lost its tail.
    if (!Number.isInteger(value) || String(value).length > 15) {
      throw new IntakeFieldError('ID_NUMBER_STORED_AS_NUMBER', `${value} 是数字单元格，不是身份证号`, `Excel 把身份证号存成了数字，后几位已经丢失，${TEXT_COLUMN_HINT}`);
    }
    value = String(value);
  }
  const shown = cleanText(String(value));
  if (/^\d+(\.\d+)?e\+?\d+$/i.test(shown)) {
    throw new IntakeFieldError('ID_NUMBER_SCIENTIFIC_NOTATION', `${shown} 不是身份证号`, `Excel 把身份证号显示成了科学计数法，${TEXT_COLUMN_HINT}`);
  }
  try {
    return parseIdNumber(shown);
  } catch (err) {
    if (!(err instanceof IdNumberError)) throw err;
    throw idNumberError(err, shown);
  }
}

function idNumberError(err: IdNumberError, shown: string): IntakeFieldError {
  const code = `ID_NUMBER_${err.reason}`;
  const id = shown.replace(/[\s-]/g, '').toUpperCase();
  switch (err.reason) {
    case 'EMPTY':
      return new IntakeFieldError(code, '身份证号为空');
    case 'BAD_LENGTH':
      return new IntakeFieldError(code, `"${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}" 有 ${id.length} 位，身份证号应为18位（或旧的15位）`, '请核对是否多录或漏录了数字');
    case 'BAD_CHARACTER':
      return new IntakeFieldError(code, `${shown} 含有数字以外的字符`, '身份证号只能是数字，18位号码的最后一位可以是 X');
    case 'BAD_ADDRESS_CODE':
      return new IntakeFieldError(code, `${shown} 的前6位地址码 ${id.slice(0, 6)} 无效`, '请核对身份证号');
    case 'BAD_DATE': {
      const birth = id.length === 15 ? `19${id.slice(6, 12)}` : id.slice(6, 14);
      return new IntakeFieldError(code, `${shown} 中的出生日期 ${birth} 不存在或晚于今天`, '请核对身份证号');
    }
    case 'BAD_CHECK_CHARACTER':
      return new IntakeFieldError(code, `${shown} 校验位不符：最后一位是 ${id[17]}，按前17位应为 ${checkCharacter(id.slice(0, 17))}`, '请核对身份证号是否录错');
  }
}
