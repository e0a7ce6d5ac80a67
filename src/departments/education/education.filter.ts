import type { PersonFilterCompiler } from '../../contract/department-module.js';
import { anyOf, existsRecord, hasRecord } from '../../core/filter/predicates.js';

interface EducationPersonFilter {
  schoolStatus?: string[] | null;
  leftBehind?: boolean | null;
  paired?: boolean | null;
}

export const compileEducationFilter: PersonFilterCompiler = (input, p, sql) => {
  const f = input as EducationPersonFilter;
  const out: Array<string | undefined> = [];
  if (f.schoolStatus != null) {
    out.push(existsRecord(sql, 'education.enrolment', p, (r) => [anyOf(sql, `${r}.status`, f.schoolStatus)]));
  }
  out.push(hasRecord(f.leftBehind, (negate) => existsRecord(sql, 'education.enrolment', p, (r) => [`${r}.left_behind`], negate)));
  // A pairing is current until its end date has passed; an open-ended one always is.
  out.push(
    hasRecord(f.paired, (negate) =>
      existsRecord(sql, 'education.teacher_pairing', p, (r) => [`(${r}.until_date is null or ${r}.until_date >= current_date)`], negate),
    ),
  );
  return out.filter((c): c is string => !!c);
};
