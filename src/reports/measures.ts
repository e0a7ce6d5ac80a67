import type { PersonFilterInput } from '../core/filter/person-filter.compiler.js';
import type { SqlBuilder } from '../core/filter/sql-builder.js';

/**
 * Measures: a per-person SQL value (computed in the inner select) and its aggregate over a cell.
 * Counts are exact integers; money sums stay numeric until formatted.
 */
export interface MeasureSpec {
  label: string;
  kind: 'count' | 'sum';
  /** Per-person value, or null when the aggregate needs none. */
  perPerson: ((sql: SqlBuilder, year: number) => string) | null;
  /** Aggregate over the inner rows aliased `x`, given the per-person column name. */
  aggregate: (column: string) => string;
}

export const MEASURES: Record<string, MeasureSpec> = {
  PERSONS: { label: '人数', kind: 'count', perPerson: null, aggregate: () => 'count(*)' },
  HOUSEHOLDS: { label: '户数', kind: 'count', perPerson: () => 'p.household_id', aggregate: (c) => `count(distinct x.${c})` },
  MONTHLY_ASSISTANCE: {
    label: '月保障金合计(元)',
    kind: 'sum',
    perPerson: () => `(select coalesce(sum(r.monthly_amount), 0) from civil_affairs.assistance_enrolment r where r.person_id = p.id and r.status = 'ACTIVE')`,
    aggregate: (c) => `coalesce(sum(x.${c}), 0)::text`,
  },
  OUT_OF_POCKET: {
    label: '个人自付医疗费用合计(元)',
    kind: 'sum',
    perPerson: (sql, year) => `(select coalesce(sum(r.out_of_pocket), 0) from health.medical_expense r where r.person_id = p.id and r.year = ${sql.param(year)}::int)`,
    aggregate: (c) => `coalesce(sum(x.${c}), 0)::text`,
  },
};

/** A rate: persons matching the numerator among persons matching the denominator. */
export interface RateSpec {
  label: string;
  numerator: PersonFilterInput | ((p: string) => string);
  denominator: PersonFilterInput | ((p: string) => string);
}

const certified = { disability: { grade: [1, 2, 3, 4] } };

/** The seeds' indicators (DESIGN §1): what the leading-group office reports on. */
export const RATES: Record<string, RateSpec> = {
  REHAB_COVERAGE: { label: '康复服务覆盖率', denominator: certified, numerator: { disability: { hasRehabService: true } } },
  FAMILY_DOCTOR_COVERAGE: {
    label: '家庭医生签约率(老年人和残疾人)',
    denominator: { or: [{ age: { min: 65 } }, certified] },
    numerator: { health: { familyDoctorSigned: true } },
  },
  FOLLOW_UP_COMPLIANCE: {
    label: '关爱对象电话随访达标率',
    denominator: (p) => `exists (select 1 from civil_affairs.care_target t where t.person_id = ${p}.id)`,
    // Monthly phone follow-up, weekly for key-guardianship targets (四个一).
    numerator: (p) => `exists (select 1 from civil_affairs.care_visit v where v.person_id = ${p}.id and v.kind = 'PHONE_FOLLOW_UP'
      and v.visit_date >= current_date - case when exists (select 1 from civil_affairs.care_target k where k.person_id = ${p}.id and k.key_guardianship) then 7 else 31 end)`,
  },
  TEACHER_PAIRING_COVERAGE: { label: '留守儿童结对帮扶覆盖率', denominator: { education: { leftBehind: true } }, numerator: { education: { paired: true } } },
};
