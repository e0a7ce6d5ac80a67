import type { MonitoringRule } from '../../contract/monitoring-rule.js';
import { evidenceArray } from '../evidence-sql.js';

/**
 * 因病致贫风险: the household's medical out-of-pocket spending in the year is above a share of
 * its income, and nobody in it received medical aid (残联医疗救助) or temporary assistance
 * (临时救助) that year. Members' major diagnoses are evidence too (visible with `health:clinical`).
 */
export const medicalHardship: MonitoringRule = {
  code: 'MEDICAL_HARDSHIP',
  description: 'Medical out-of-pocket spending above a share of income with no medical or temporary assistance (因病致贫风险).',
  evidenceScopes: ['health:read', 'civil-affairs:read'],
  requiresConsent: true,
  parameters: [
    {
      name: 'shareOfIncome',
      description: 'Warn when the household out-of-pocket total is above this share of its income (自付占收入比例, 0–10).',
      defaultValue: 0.5,
      min: 0,
      max: 10,
    },
  ],
  select: ({ param, year }) => `
    with spending as (
      select p.household_id, sum(m.out_of_pocket) as out_of_pocket, array_agg(distinct p.id order by p.id) as person_ids
        from health.medical_expense m
        join core.person p on p.id = m.person_id
       where m.year = ${year} and m.out_of_pocket > 0 and p.household_id is not null
       group by p.household_id
    ),
    assisted as (
      select p.household_id
        from civil_affairs.assistance_enrolment e join core.person p on p.id = e.person_id
       where e.program = 'TEMPORARY' and e.start_date <= make_date(${year}, 12, 31) and coalesce(e.end_date, make_date(${year}, 1, 1)) >= make_date(${year}, 1, 1)
      union
      select p.household_id
        from disability.aid_grant g join core.person p on p.id = g.person_id
       where g.kind = 'MEDICAL' and g.granted_date between make_date(${year}, 1, 1) and make_date(${year}, 12, 31)
    )
    select h.id as household_id, s.person_ids,
           ${evidenceArray([
             { department: 'health', field: 'MedicalExpense.outOfPocket', label: '医疗自付合计 out-of-pocket total', value: 's.out_of_pocket' },
             { department: 'civil-affairs', field: 'HouseholdFinance.income', label: '家庭收入 income', value: 'f.income', recordId: 'f.id' },
             { department: 'civil-affairs', field: 'HouseholdFinance.year', label: '年度 year', value: 'f.year', recordId: 'f.id' },
           ])} || dx.items as evidence,
           'household:' || h.id || ':year:' || f.year as dedupe_key
      from spending s
      join core.household h on h.id = s.household_id
      join civil_affairs.household_finance f on f.household_id = h.id and f.year = ${year}
      cross join lateral (
        select coalesce(jsonb_agg(jsonb_build_object('department', 'health', 'field', 'HealthCondition.name', 'label', '重大疾病 major condition',
                                                     'value', c.name, 'personId', c.person_id::text, 'recordId', c.id::text) order by c.id), '[]'::jsonb) as items
          from health.condition c join core.person m on m.id = c.person_id
         where m.household_id = h.id and c.severity = 'MAJOR'
      ) dx
     where s.out_of_pocket > f.income * ${param('shareOfIncome')}
       and h.id not in (select household_id from assisted where household_id is not null)`,
};
