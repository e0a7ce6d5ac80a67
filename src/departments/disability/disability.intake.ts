import { col, date, defineIntakeKind, enumOf, int, money, text } from '../../contract/intake-kind.js';

const base = { department: 'disability', dbSchema: 'disability', owner: 'person' } as const;
const benefitStatus = enumOf({ ACTIVE: ['在保', '正常'], SUSPENDED: ['暂停'], ENDED: ['停发', '终止'] });

/** Disabled persons' federation ledgers (残联) accepted by intake. */
export const disabilityIntake = [
  defineIntakeKind({
    ...base, name: 'certificate', typeName: 'DisabilityCertificate', title: 'Disability certificate (残疾人证)', table: 'certificate',
    end: { dateField: 'validUntil' },
    columns: [
      col('certificateNumber', ['残疾证号', '残疾人证号'], text(20), { required: true, encrypted: true }),
      col('category', ['残疾类别'], int(1, 7), { required: true }),
      col('grade', ['残疾等级'], int(1, 4), { required: true }),
      col('issuedDate', ['发证日期'], date, { required: true }),
      col('validUntil', ['有效期至'], date),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'rehab-service', typeName: 'RehabService', title: 'Rehabilitation service (康复服务)', table: 'rehab_service',
    end: { dateField: 'endDate' },
    columns: [
      col('serviceType', ['服务类型', '康复服务类型'], text(32), { required: true }),
      col('provider', ['服务机构'], text(100)),
      col('status', ['状态', '服务状态'], enumOf({ REFERRAL: ['转介'], ASSESSMENT: ['评估'], APPLICATION: ['申请'], IN_SERVICE: ['服务中'], SETTLED: ['已结算'] }), { required: true }),
      col('referredDate', ['转介日期'], date, { required: true }),
      col('startDate', ['开始日期'], date),
      col('endDate', ['结束日期'], date),
      col('cost', ['费用'], money),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'subsidy', typeName: 'DisabilitySubsidy', plural: 'DisabilitySubsidies', title: 'Disability subsidy (两项补贴)', table: 'subsidy',
    end: { dateField: 'endDate', status: { field: 'status', value: 'ENDED' } },
    columns: [
      col('kind', ['补贴类型'], enumOf({ LIVING: ['生活补贴', '困难残疾人生活补贴'], NURSING: ['护理补贴', '重度残疾人护理补贴'] }), { required: true }),
      col('monthlyAmount', ['月补贴金额'], money, { required: true }),
      col('startDate', ['开始日期'], date, { required: true }),
      col('endDate', ['结束日期'], date),
      col('status', ['状态'], benefitStatus, { required: true }),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'aid-grant', typeName: 'DisabilityAidGrant', title: 'Aid grant (救助金)', table: 'aid_grant',
    columns: [
      col('kind', ['救助类型'], enumOf({
        REHAB: ['康复救助'], EMPLOYMENT: ['就业扶持'], EDUCATION: ['教育救助'], LIVING: ['生活救助'], DISASTER: ['灾害救助'],
        MEDICAL: ['医疗救助'], HOUSING: ['住房救助'], BARRIER_FREE: ['无障碍改造'],
      }), { required: true }),
      col('amount', ['金额'], money, { required: true }),
      col('grantedDate', ['发放日期'], date, { required: true }),
    ],
  }),
];
