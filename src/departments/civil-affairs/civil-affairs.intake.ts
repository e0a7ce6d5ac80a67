import { bool, col, date, defineIntakeKind, enumOf, int, money, text } from '../../contract/intake-kind.js';

const base = { department: 'civil-affairs', dbSchema: 'civil_affairs' } as const;
const benefitStatus = enumOf({ ACTIVE: ['在保', '正常'], SUSPENDED: ['暂停'], ENDED: ['停保', '终止'] });

/** Civil-affairs ledgers (民政) accepted by intake; headers documented in docs/intake.md. */
export const civilAffairsIntake = [
  defineIntakeKind({
    ...base, name: 'assistance-enrolment', typeName: 'AssistanceEnrolment', title: 'Assistance enrolment (救助认定)',
    table: 'assistance_enrolment', owner: 'person',
    end: { dateField: 'endDate', status: { field: 'status', value: 'ENDED' } },
    columns: [
      col('program', ['救助项目', '救助类别'], enumOf({ DIBAO: ['低保'], TEKUN: ['特困', '特困供养'], TEMPORARY: ['临时救助'], DIBAO_EDGE: ['低保边缘'] }), { required: true }),
      col('supportMode', ['供养方式'], enumOf({ CENTRALISED: ['集中供养', '集中'], DISPERSED: ['分散供养', '分散'] })),
      col('status', ['状态', '保障状态'], benefitStatus, { required: true }),
      col('startDate', ['开始日期', '认定日期'], date, { required: true }),
      col('endDate', ['结束日期', '停保日期'], date),
      col('monthlyAmount', ['月保障金额', '月救助金额', '救助金额'], money, { required: true }),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'care-target', typeName: 'CareTarget', title: 'Care target (关爱对象)', table: 'care_target', owner: 'person',
    end: { dateField: 'endDate' },
    columns: [
      col('category', ['关爱对象类别', '类别'], enumOf({
        LEFT_BEHIND_CHILD: ['留守儿童'], LEFT_BEHIND_WOMAN: ['留守妇女'], LEFT_BEHIND_ELDERLY: ['留守老人'],
        THREE_NO: ['三无人员'], SEVERE_DISABLED: ['重度残疾人'], FIVE_GUARANTEE: ['五保户', '五保'],
      }), { required: true }),
      col('keyGuardianship', ['重点监护'], bool),
      col('helpingUnit', ['帮扶单位'], text(100)),
      col('responsiblePerson', ['责任人'], text(50), { encrypted: true }),
      col('responsiblePhone', ['责任人电话'], text(20), { encrypted: true }),
      col('startDate', ['开始日期', '登记日期'], date, { required: true }),
      col('endDate', ['结束日期'], date),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'care-visit', typeName: 'CareVisit', title: 'Care follow-up (关爱走访记录)', table: 'care_visit', owner: 'person',
    columns: [
      col('kind', ['走访类型', '类型'], enumOf({ PHONE_FOLLOW_UP: ['电话问候'], FIELD_VISIT: ['上门走访'], MICRO_WISH: ['微心愿'], MATERIAL_AID: ['物资帮扶'] }), { required: true }),
      col('visitDate', ['走访日期'], date, { required: true }),
      col('visitor', ['走访人'], text(50), { encrypted: true }),
      col('notes', ['备注', '走访情况'], text(500)),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'custody-agreement', typeName: 'CustodyAgreement', title: 'Custody agreement (托养协议)', table: 'custody_agreement', owner: 'person',
    end: { dateField: 'endDate' },
    columns: [
      col('mode', ['托养方式'], enumOf({ CENTRALISED_MEDICAL: ['集中医养'], FAMILY: ['亲情托养'], NEIGHBOUR: ['邻里托养'], CHARITY: ['慈善托养'], CONTRACTED: ['包帮托养'] }), { required: true }),
      col('custodianName', ['托养人', '托养人姓名'], text(50), { required: true, encrypted: true }),
      col('custodianPhone', ['托养人电话'], text(20), { encrypted: true }),
      col('signedDate', ['签订日期'], date, { required: true }),
      col('endDate', ['结束日期'], date),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'household-finance', typeName: 'HouseholdFinance', plural: 'HouseholdFinances', title: 'Household finance declaration (家庭收支申报)',
    table: 'household_finance', owner: 'household',
    columns: [
      col('year', ['年度'], int(2000, 2100), { required: true }),
      col('income', ['家庭收入', '家庭总收入'], money, { required: true }),
      col('medicalExpenditure', ['医疗支出', '刚性医疗支出'], money, { required: true }),
      col('educationExpenditure', ['教育支出', '刚性教育支出'], money, { required: true }),
      col('housingExpenditure', ['住房支出', '刚性住房支出'], money, { required: true }),
      col('otherRigidExpenditure', ['其他刚性支出'], money, { required: true }),
    ],
  }),
];
