import type { PersonFilterCompiler } from '../../contract/department-module.js';
import { anyOf, existsRecord, hasRecord } from '../../core/filter/predicates.js';

interface WomensFederationPersonFilter {
  leftBehind?: boolean | null;
  supportCaseKind?: string[] | null;
}

export const compileWomensFederationFilter: PersonFilterCompiler = (input, p, sql) => {
  const f = input as WomensFederationPersonFilter;
  const out: Array<string | undefined> = [];
  out.push(hasRecord(f.leftBehind, (negate) => existsRecord(sql, 'womens_federation.left_behind_woman', p, undefined, negate)));
  if (f.supportCaseKind != null) {
    out.push(existsRecord(sql, 'womens_federation.support_case', p, (r) => [anyOf(sql, `${r}.kind`, f.supportCaseKind)]));
  }
  return out.filter((c): c is string => !!c);
};
