import { col, date, defineIntakeKind, enumOf, int, money, text } from '../../contract/intake-kind.js';

const base = { department: 'health', dbSchema: 'health', owner: 'person' } as const;

/** Health commission ledgers (卫健委, with medical-insurance data) accepted by intake. */
export const healthIntake = [
  defineIntakeKind({
    ...base, name: 'family-doctor-contract', typeName: 'FamilyDoctorContract', title: 'Family-doctor contract (家庭医生签约)', table: 'family_doctor_contract',
    end: { dateField: 'validUntil' },
    columns: [
      col('team', ['签约团队'], text(100), { required: true }),
      col('signedDate', ['签约日期'], date, { required: true }),
      col('validUntil', ['有效期至'], date, { required: true }),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'health-check', typeName: 'HealthCheck', title: 'Health check (健康体检)', table: 'health_check',
    columns: [
      col('checkDate', ['体检日期'], date, { required: true }),
      col('selfCareAssessment', ['自理能力评估'], enumOf({ FULL: ['完全自理', '可自理'], PARTIAL: ['半自理', '部分自理'], NONE: ['不能自理'] })),
      col('summary', ['体检结论'], text(500)),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'condition', typeName: 'HealthCondition', title: 'Chronic or major illness (慢病/大病)', table: 'condition',
    columns: [
      col('icd10Code', ['ICD-10编码', '疾病编码'], text(16), { required: true, column: 'icd10_code' }),
      col('conditionName', ['疾病名称'], text(100), { required: true, column: 'name' }),
      col('severity', ['病种类别'], enumOf({ CHRONIC: ['慢性病', '慢病'], MAJOR: ['大病'], SEVERE_MENTAL: ['严重精神障碍'] }), { required: true }),
      col('diagnosedDate', ['确诊日期'], date, { required: true }),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'medical-expense', typeName: 'MedicalExpense', title: 'Yearly medical expense (医疗费用)', table: 'medical_expense',
    columns: [
      col('year', ['年度'], int(2000, 2100), { required: true }),
      col('total', ['总费用', '医疗总费用'], money, { required: true }),
      col('reimbursed', ['报销金额'], money, { required: true }),
      col('outOfPocket', ['个人自付'], money, { required: true }),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'death', typeName: 'Death', title: 'Death registration (死亡登记)', table: 'death',
    columns: [
      col('deathDate', ['死亡日期'], date, { required: true }),
      col('cause', ['死亡原因'], text(100)),
    ],
  }),
];
