import type { PersonFilterCompiler } from '../../contract/department-module.js';
import { anyOf, existsRecord } from '../../core/filter/predicates.js';

interface CivilAffairsPersonFilter {
  assistanceProgram?: string[] | null;
  assistanceStatus?: string[] | null;
  careCategory?: string[] | null;
  custodyMode?: string[] | null;
}

/** Program and status are one predicate: both must hold for the same enrolment. */
export const compileCivilAffairsFilter: PersonFilterCompiler = (input, p, sql) => {
  const f = input as CivilAffairsPersonFilter;
  const out: string[] = [];
  if (f.assistanceProgram != null || f.assistanceStatus != null) {
    out.push(
      existsRecord(sql, 'civil_affairs.assistance_enrolment', p, (r) => [
        anyOf(sql, `${r}.program`, f.assistanceProgram),
        anyOf(sql, `${r}.status`, f.assistanceStatus),
      ]),
    );
  }
  if (f.careCategory != null) {
    out.push(existsRecord(sql, 'civil_affairs.care_target', p, (r) => [anyOf(sql, `${r}.category`, f.careCategory)]));
  }
  if (f.custodyMode != null) {
    out.push(existsRecord(sql, 'civil_affairs.custody_agreement', p, (r) => [anyOf(sql, `${r}.mode`, f.custodyMode)]));
  }
  return out;
};
