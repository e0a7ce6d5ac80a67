import type { PersonFilterCompiler } from '../../contract/department-module.js';
import { existsRecord, hasRecord } from '../../core/filter/predicates.js';
import { badUserInput } from '../../core/errors.js';

interface HealthPersonFilter {
  familyDoctorSigned?: boolean | null;
  conditionCode?: string[] | null;
  outOfPocketAbove?: string | null;
  year?: number | null;
}

/** An ICD-10 code prefix: chapter letter, then digits, letters and the dot. No LIKE wildcards can pass. */
const ICD10_PREFIX = /^[A-Z][0-9A-Z.]{0,6}$/;

function checkConditionCodes(prefixes: string[]): void {
  for (const prefix of prefixes) {
    if (!ICD10_PREFIX.test(prefix)) {
      throw badUserInput('filter.health.conditionCode', `${JSON.stringify(prefix)} is not an ICD-10 code prefix such as "I10" or "C"`);
    }
  }
}

export const compileHealthFilter: PersonFilterCompiler = (input, p, sql) => {
  const f = input as HealthPersonFilter;
  const out: Array<string | undefined> = [];
  out.push(
    hasRecord(f.familyDoctorSigned, (negate) =>
      existsRecord(sql, 'health.family_doctor_contract', p, (r) => [`${r}.valid_until >= current_date`], negate),
    ),
  );
  if (f.conditionCode != null) {
    const prefixes = f.conditionCode;
    checkConditionCodes(prefixes);
    out.push(
      existsRecord(sql, 'health.condition', p, (r) => [
        prefixes.length === 0 ? 'false' : `${r}.icd10_code like any(${sql.array(prefixes.map((c) => `${c}%`), 'text')})`,
      ]),
    );
  }
  // A year alone would silently match nothing in particular; it only narrows the amount test.
  if (f.year != null && f.outOfPocketAbove == null) {
    throw badUserInput('filter.health.year', 'only applies together with outOfPocketAbove');
  }
  if (f.outOfPocketAbove != null) {
    const { outOfPocketAbove: amount, year } = f;
    out.push(
      existsRecord(sql, 'health.medical_expense', p, (r) => [
        `${r}.out_of_pocket > ${sql.param(amount)}::numeric`,
        year == null ? undefined : `${r}.year = ${sql.param(year)}::int`,
      ]),
    );
  }
  return out.filter((c): c is string => !!c);
};
