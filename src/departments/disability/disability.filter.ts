import type { PersonFilterCompiler } from '../../contract/department-module.js';
import { anyOf, existsRecord, hasRecord } from '../../core/filter/predicates.js';
import { badUserInput } from '../../core/errors.js';
import { categoryDigit } from './disability-category.js';

interface DisabilityPersonFilter {
  category?: string[] | null;
  grade?: number[] | null;
  hasRehabService?: boolean | null;
  subsidy?: string[] | null;
}

/** Only services actually delivered count; referrals and applications may never happen. */
const DELIVERED_REHAB = ['IN_SERVICE', 'SETTLED'];

/** The table stores the certificate digit, the API speaks enum names. */
function categoryDigits(names: string[] | null | undefined): number[] | null | undefined {
  return names?.map((name) => {
    const digit = categoryDigit(name);
    if (digit === undefined) throw badUserInput('filter.disability.category', `unknown disability category ${name}`);
    return digit;
  });
}

/** Category and grade are one predicate: both must hold for the same certificate. */
export const compileDisabilityFilter: PersonFilterCompiler = (input, p, sql) => {
  const f = input as DisabilityPersonFilter;
  const out: Array<string | undefined> = [];
  if (f.category != null || f.grade != null) {
    const digits = categoryDigits(f.category);
    out.push(
      existsRecord(sql, 'disability.certificate', p, (r) => [
        anyOf(sql, `${r}.category`, digits, 'int'),
        anyOf(sql, `${r}.grade`, f.grade, 'int'),
      ]),
    );
  }
  out.push(
    hasRecord(f.hasRehabService, (negate) =>
      existsRecord(sql, 'disability.rehab_service', p, (r) => [anyOf(sql, `${r}.status`, DELIVERED_REHAB)], negate),
    ),
  );
  if (f.subsidy != null) {
    out.push(
      existsRecord(sql, 'disability.subsidy', p, (r) => [
        `${r}.status = ${sql.param('ACTIVE')}`,
        anyOf(sql, `${r}.kind`, f.subsidy),
      ]),
    );
  }
  return out.filter((c): c is string => !!c);
};
