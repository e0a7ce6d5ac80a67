import {
  IntakeFieldError,
  isBlank,
  parseBoolean,
  parseDate,
  parseEnum,
  parseInteger,
  parseMoney,
  parseMonth,
  parseRegionCode,
  parseText,
  type RawValue,
} from './field-parsers.js';
import type { ColumnType, IntakeKind } from '../contract/intake-kind.js';
import { allColumns } from './identity-columns.js';
import { parseDateTime } from './china-time.js';
import { readIdNumber, REQUIRED_REASON } from './intake-reasons.js';
import type { RecordError } from './record-outcome.js';

export type StoredValue = string | number | boolean | null;

/** A record that passed validation, its values typed and ready for the set-based write. */
export interface ValidRecord {
  /** Position in the input: 1-based file row (header = row 1) or index in the mutation's list. */
  rowNumber: number;
  sourceRecordId: string;
  sourceUpdatedAt: string | null;
  /** Person records: the canonical ID number and what it encodes. */
  person: { idNumber: string; name: string; gender: 'MALE' | 'FEMALE'; birthDate: string } | null;
  householdNumber: string | null;
  relationToHead: string | null;
  /** The kind's own columns, in `kind.columns` order. */
  values: StoredValue[];
  /** Stated sex / birth date contradicting the ID number: stored, and raised as issues. */
  contradictions: Array<{ kind: 'SEX_MISMATCH' | 'BIRTH_DATE_MISMATCH'; stated: string; derived: string }>;
}

export interface RejectedRecord {
  rowNumber: number;
  sourceRecordId: string | null;
  errors: RecordError[];
}

export type ValidationOutcome = { ok: true; record: ValidRecord } | { ok: false; rejection: RejectedRecord };

function parseValue(type: ColumnType, raw: RawValue): StoredValue {
  switch (type.kind) {
    case 'text':
      return parseText(raw, type.maxLength);
    case 'enum':
      return parseEnum(raw, type.values);
    case 'date':
      return parseDate(raw);
    case 'money':
      return parseMoney(raw);
    case 'int':
      return parseInteger(raw, type.min, type.max);
    case 'bool':
      return parseBoolean(raw);
    case 'month':
      return parseMonth(raw);
    case 'region':
      return parseRegionCode(raw);
    // References are read here and resolved to hub ids per batch (resolve-references.ts).
    case 'personRef':
      return readIdNumber(raw).idNumber;
    case 'recordRef':
      return parseText(raw, 64);
  }
}

/**
 * Reads one raw record (field name → raw value) of `kind`: every column parsed, every problem
 * collected (not only the first), the ID number normalised (15→18 digits, x, full-width).
 */
export function validateRecord(kind: IntakeKind, raw: Readonly<Record<string, RawValue>>, rowNumber: number): ValidationOutcome {
  const errors: RecordError[] = [];
  const parsed: Record<string, StoredValue> = {};
  for (const column of allColumns(kind)) {
    const value = raw[column.field];
    if (isBlank(value)) {
      if (column.required) errors.push({ code: 'REQUIRED', field: column.field, message: REQUIRED_REASON });
      parsed[column.field] = null;
      continue;
    }
    try {
      // The owner's ID number stays raw here (a number cell too) and is read after the other columns.
      if (column.field === 'idNumber' && kind.owner === 'person') parsed.idNumber = typeof value === 'number' ? value : parseText(value, 40);
      else parsed[column.field] = column.field === 'sourceUpdatedAt' ? parseDateTime(value) : parseValue(column.type, value);
    } catch (err) {
      if (!(err instanceof IntakeFieldError)) throw err;
      errors.push({ code: err.code, field: column.field, message: err.message });
    }
  }
  let person: ValidRecord['person'] = null;
  const contradictions: ValidRecord['contradictions'] = [];
  if (kind.owner === 'person' && parsed.idNumber !== null && parsed.idNumber !== undefined) {
    try {
      const id = readIdNumber(parsed.idNumber);
      person = { idNumber: id.idNumber, name: String(parsed.name ?? ''), gender: id.gender, birthDate: id.birthDate };
      if (parsed.sex && parsed.sex !== id.gender) contradictions.push({ kind: 'SEX_MISMATCH', stated: String(parsed.sex), derived: id.gender });
      if (parsed.birthDate && parsed.birthDate !== id.birthDate) {
        contradictions.push({ kind: 'BIRTH_DATE_MISMATCH', stated: String(parsed.birthDate), derived: id.birthDate });
      }
    } catch (err) {
      if (!(err instanceof IntakeFieldError)) throw err;
      errors.push({ code: err.code, field: 'idNumber', message: err.message });
    }
  }
  const sourceRecordId = typeof parsed.sourceRecordId === 'string' ? parsed.sourceRecordId : null;
  if (errors.length > 0) return { ok: false, rejection: { rowNumber, sourceRecordId, errors } };
  return {
    ok: true,
    record: {
      rowNumber,
      sourceRecordId: sourceRecordId!,
      sourceUpdatedAt: (parsed.sourceUpdatedAt as string | null) ?? null,
      person,
      householdNumber: (parsed.householdNumber as string | null) ?? null,
      relationToHead: (parsed.relationToHead as string | null) ?? null,
      values: kind.columns.map((c) => parsed[c.field] ?? null),
      contradictions,
    },
  };
}
