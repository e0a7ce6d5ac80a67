import type { MonitoringRule } from '../../../contract/monitoring-rule.js';
import { evidenceArray } from '../../../monitoring/evidence-sql.js';

/** Rigid expenditure (刚性支出) of a `household_finance` row. */
const rigidExpenditure = (f: string) =>
  `(${f}.medical_expenditure + ${f}.education_expenditure + ${f}.housing_expenditure + ${f}.other_rigid_expenditure)`;

/** 刚性支出大于收入: the household's declared rigid expenditure exceeds its income for the year. */
export const expenditureExceedsIncome: MonitoringRule = {
  code: 'EXPENDITURE_EXCEEDS_INCOME',
  description: 'Household rigid expenditure above income for the year (刚性支出超过家庭收入).',
  evidenceScopes: ['civil-affairs:read'],
  requiresConsent: true,
  parameters: [
    {
      name: 'minExcess',
      description: 'Warn when rigid expenditure minus income is above this many yuan (超支金额下限, 元).',
      defaultValue: 0,
      min: 0,
      max: 1_000_000,
    },
  ],
  select: ({ param, year }) => `
    select h.id as household_id,
           case when h.head_id is null then '{}'::bigint[] else array[h.head_id] end as person_ids,
           ${evidenceArray([
             { department: 'civil-affairs', field: 'HouseholdFinance.year', label: '申报年度 year', value: 'f.year', recordId: 'f.id' },
             { department: 'civil-affairs', field: 'HouseholdFinance.income', label: '家庭收入 income', value: 'f.income', recordId: 'f.id' },
             { department: 'civil-affairs', field: 'HouseholdFinance.rigidExpenditure', label: '刚性支出 rigid expenditure', value: rigidExpenditure('f'), recordId: 'f.id' },
           ])} as evidence,
           'household:' || h.id || ':year:' || f.year as dedupe_key
      from civil_affairs.household_finance f
      join core.household h on h.id = f.household_id
     where f.year = ${year}
       and ${rigidExpenditure('f')} - f.income > ${param('minExcess')}`,
};
