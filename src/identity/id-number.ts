/**
 * Resident ID numbers (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence
 * (odd = male) and a check character. Input arrives from department ledgers in every shape Excel
 * produces, so normalisation is forgiving about form and strict about content.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdNumberErrorCode = 'EMPTY' | 'BAD_LENGTH' | 'BAD_CHARACTER' | 'BAD_DATE' | 'BAD_CHECK_CHARACTER' | 'BAD_ADDRESS_CODE';

export class IdNumberError extends Error {
  constructor(
    readonly reason: IdNumberErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IdNumberError';
  }
}

export interface ParsedIdNumber {
  /** Canonical 18-character upper-case form. */
  idNumber: string;
  addressCode: string;
  birthDate: string; // YYYY-MM-DD
  gender: 'MALE' | 'FEMALE';
  /** True when the input was an old 15-digit number converted to 18 digits. */
  converted: boolean;
}

/** Check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Full-width digits/letters (０-９, Ｘ, ｘ) become ASCII; spaces and hyphens vanish; x becomes X. */
function cleanForm(input: string): string {
  let out = '';
  for (const ch of input) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 48);
    else if (ch === 'Ｘ' || ch === 'ｘ' || ch === 'x') out += 'X';
    else if (ch === ' ' || ch === '\u3000' || ch === '\t' || ch === '-') continue;
    else out += ch;
  }
  return out;
}

function isValidDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1850 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return date.getTime() <= Date.now();
}

/**
 * Parses and validates an ID number, returning the canonical form and what it encodes.
 * @throws IdNumberError with a machine-readable reason and a message naming what is wrong.
 * @example parseIdNumber('11010519491231002x').idNumber === '11010519491231002X'
 */
export function parseIdNumber(input: string): ParsedIdNumber {
  const raw = cleanForm(String(input ?? ''));
  if (raw.length === 0) throw new IdNumberError('EMPTY', 'ID number is empty');
  let body: string;
  let converted = false;
  if (raw.length === 15) {
    if (!/^\d{15}$/.test(raw)) throw new IdNumberError('BAD_CHARACTER', `15-digit ID number "${raw}" must contain only digits`);
    body = raw.slice(0, 6) + '19' + raw.slice(6);
    converted = true;
  } else if (raw.length === 18) {
    if (!/^\d{17}[\dX]$/.test(raw)) {
      throw new IdNumberError('BAD_CHARACTER', `ID number "${raw}" must be 17 digits followed by a digit or X`);
    }
    body = raw.slice(0, 17);
  } else {
    // Only the start of an over-long value is echoed: a megabyte of input must not come back in the error.
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
    throw new IdNumberError('BAD_LENGTH', `ID number "${shown}" has ${raw.length} characters; expected 18 (or an old 15-digit number)`);
  }
  if (!/^[1-9]\d{5}$/.test(body.slice(0, 6))) {
    throw new IdNumberError('BAD_ADDRESS_CODE', `ID number "${raw}" has an invalid address code "${body.slice(0, 6)}"`);
  }
  const birth = body.slice(6, 14);
  if (!isValidDate(birth)) throw new IdNumberError('BAD_DATE', `ID number "${raw}" encodes an impossible birth date "${birth}"`);
  const check = checkCharacter(body);
  if (!converted && raw[17] !== check) {
    throw new IdNumberError('BAD_CHECK_CHARACTER', `ID number "${raw}" has check character "${raw[17]}"; expected "${check}"`);
  }
  return {
    idNumber: body + check,
    addressCode: body.slice(0, 6),
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    gender: Number(body[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
    converted,
  };
}

/** Canonical form of a valid ID number, or null when the input is not one. */
export function normaliseIdNumber(input: string): string | null {
  try {
    return parseIdNumber(input).idNumber;
  } catch {
    return null;
  }
}

/** Builds a valid 18-character number (used by the demo-data generator). */
export function buildIdNumber(addressCode: string, birthDate: string, sequence: number): string {
  const body = addressCode + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
  return body + checkCharacter(body);
}
