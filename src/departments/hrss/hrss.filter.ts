import type { PersonFilterCompiler } from '../../contract/department-module.js';
import { anyOf, existsRecord, hasRecord } from '../../core/filter/predicates.js';

interface HrssPersonFilter {
  holdsActivePost?: boolean | null;
  postType?: string[] | null;
  helped?: boolean | null;
}

/** An active pairing: started and not ended (a pairing has no status column of its own). */
const activePairing = (r: string) => `${r}.start_date <= current_date and (${r}.end_date is null or ${r}.end_date >= current_date)`;

export const compileHrssFilter: PersonFilterCompiler = (input, p, sql) => {
  const f = input as HrssPersonFilter;
  const out: Array<string | undefined> = [];
  out.push(hasRecord(f.holdsActivePost, (negate) => existsRecord(sql, 'hrss.post', p, (r) => [`${r}.status = 'ACTIVE'`], negate)));
  if (f.postType != null) {
    out.push(existsRecord(sql, 'hrss.post', p, (r) => [anyOf(sql, `${r}.post_type`, f.postType)]));
  }
  out.push(hasRecord(f.helped, (negate) => existsRecord(sql, 'hrss.pairing', p, (r) => [activePairing(r)], negate)));
  return out.filter((c): c is string => !!c);
};
