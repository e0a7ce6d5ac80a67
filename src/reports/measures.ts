import type { PersonFilterInput } from '../core/filter/person-filter.compiler.js';
import type { SqlBuilder } from '../contract/sql-builder.js';

/**
 * Measures: a per-person SQL value (computed in the inner select) and its aggregate over a cell.
 * Counts are exact integers; money sums stay numeric until formatted.
 */
export interface MeasureSpec {
  label: string;
  kind: 'count' | 'sum';
  /** Per-person value (`$j` = the alias of `join`), or null when the aggregate needs none. */
  perPerson: string | null;
  /** A per-person relation left-joined as `$j` (computed once, hashed). */
  join?: (sql: SqlBuilder, year: number) => string;
  /** Aggregate over the inner rows aliased `x`, given the per-person column name. */
  aggregate: (column: string) => string;
}

export const MEASURES: Record<string, MeasureSpec> = {
  PERSONS: { label: '人数', kind: 'count', perPerson: null, aggregate: () => 'count(*)' },
  HOUSEHOLDS: { label: '户数', kind: 'count', perPerson: 'p.household_id', aggregate: (c) => `count(distinct x.${c})` },
  MONTHLY_ASSISTANCE: {
    label: '月保障金合计(元)',
    kind: 'sum',
    perPerson: 'coalesce($j.total, 0)',
    join: () => `(select person_id, sum(monthly_amount) as total from civil_affairs.assistance_enrolment where status = 'ACTIVE' group by person_id)`,
    aggregate: (c) => `coalesce(sum(x.${c}), 0)::text`,
  },
  OUT_OF_POCKET: {
    label: '个人自付医疗费用合计(元)',
    kind: 'sum',
    perPerson: 'coalesce($j.total, 0)',
    join: (sql, year) => `(select person_id, sum(out_of_pocket) as total from health.medical_expense where year = ${sql.param(year)}::int group by person_id)`,
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
    denominator: (p) => `${p}.id in (select t.person_id from civil_affairs.care_target t)`,
    // Monthly phone follow-up, weekly for key-guardianship targets (四个一).
    numerator: (p) => `${p}.id in (select v.person_id from civil_affairs.care_visit v
      left join (select distinct person_id from civil_affairs.care_target where key_guardianship) k on k.person_id = v.person_id
      where v.kind = 'PHONE_FOLLOW_UP' and v.visit_date >= current_date - case when k.person_id is not null then 7 else 31 end)`,
  },
  TEACHER_PAIRING_COVERAGE: { label: '留守儿童结对帮扶覆盖率', denominator: { education: { leftBehind: true } }, numerator: { education: { paired: true } } },
};
