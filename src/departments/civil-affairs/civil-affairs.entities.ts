import { defineDepartmentRecord, type HouseholdRecord, type PersonRecord } from '../department-record.js';

const base = { department: 'civil-affairs', schema: 'civil_affairs' } as const;
const money = { type: 'decimal', precision: 12, scale: 2 } as const;

/** 低保 / 特困 / 临时救助 / 低保边缘 enrolment of one person. */
export interface AssistanceEnrolment extends PersonRecord {
  program: 'DIBAO' | 'TEKUN' | 'TEMPORARY' | 'DIBAO_EDGE';
  supportMode: 'CENTRALISED' | 'DISPERSED' | null;
  status: 'ACTIVE' | 'SUSPENDED' | 'ENDED';
  startDate: string;
  endDate: string | null;
  monthlyAmount: string;
}

export const AssistanceEnrolmentEntity = defineDepartmentRecord<AssistanceEnrolment>({
  ...base,
  name: 'AssistanceEnrolment',
  tableName: 'assistance_enrolment',
  owner: 'person',
  properties: {
    program: { type: 'string', length: 16, index: true },
    supportMode: { type: 'string', length: 16, nullable: true },
    status: { type: 'string', length: 16 },
    startDate: { type: 'date' },
    endDate: { type: 'date', nullable: true },
    monthlyAmount: { ...money },
  },
});

/** A care target (关爱对象): left-behind child/woman/elderly, 三无, severely disabled, 五保. */
export interface CareTarget extends PersonRecord {
  category: 'LEFT_BEHIND_CHILD' | 'LEFT_BEHIND_WOMAN' | 'LEFT_BEHIND_ELDERLY' | 'THREE_NO' | 'SEVERE_DISABLED' | 'FIVE_GUARANTEE';
  keyGuardianship: boolean;
  helpingUnit: string | null;
  responsiblePerson: string | null;
  responsiblePhone: string | null;
  startDate: string;
  endDate: string | null;
}

export const CareTargetEntity = defineDepartmentRecord<CareTarget>({
  ...base,
  name: 'CareTarget',
  tableName: 'care_target',
  owner: 'person',
  properties: {
    category: { type: 'string', length: 24, index: true },
    keyGuardianship: { type: 'boolean', default: false },
    helpingUnit: { type: 'string', length: 100, nullable: true },
    responsiblePerson: { type: 'text', nullable: true },
    responsiblePhone: { type: 'text', nullable: true },
    startDate: { type: 'date' },
    endDate: { type: 'date', nullable: true },
  },
});

/** One of the 四个一 follow-ups of a care target. */
export interface CareVisit extends PersonRecord {
  kind: 'PHONE_FOLLOW_UP' | 'FIELD_VISIT' | 'MICRO_WISH' | 'MATERIAL_AID';
  visitDate: string;
  visitor: string | null;
  notes: string | null;
}

export const CareVisitEntity = defineDepartmentRecord<CareVisit>({
  ...base,
  name: 'CareVisit',
  tableName: 'care_visit',
  owner: 'person',
  properties: {
    kind: { type: 'string', length: 16 },
    visitDate: { type: 'date' },
    visitor: { type: 'text', nullable: true },
    notes: { type: 'string', length: 500, nullable: true },
  },
});

/** A custody agreement (五养托养) for a special-hardship or care-target person. */
export interface CustodyAgreement extends PersonRecord {
  mode: 'CENTRALISED_MEDICAL' | 'FAMILY' | 'NEIGHBOUR' | 'CHARITY' | 'CONTRACTED';
  custodianName: string;
  custodianPhone: string | null;
  signedDate: string;
  endDate: string | null;
}

export const CustodyAgreementEntity = defineDepartmentRecord<CustodyAgreement>({
  ...base,
  name: 'CustodyAgreement',
  tableName: 'custody_agreement',
  owner: 'person',
  properties: {
    mode: { type: 'string', length: 24, index: true },
    custodianName: { type: 'text' },
    custodianPhone: { type: 'text', nullable: true },
    signedDate: { type: 'date' },
    endDate: { type: 'date', nullable: true },
  },
});

/** A household's yearly income and rigid expenditure declaration (家庭收支). */
export interface HouseholdFinance extends HouseholdRecord {
  year: number;
  income: string;
  medicalExpenditure: string;
  educationExpenditure: string;
  housingExpenditure: string;
  otherRigidExpenditure: string;
}

export const HouseholdFinanceEntity = defineDepartmentRecord<HouseholdFinance>({
  ...base,
  name: 'HouseholdFinance',
  tableName: 'household_finance',
  owner: 'household',
  properties: {
    year: { type: 'smallint' },
    income: { ...money },
    medicalExpenditure: { ...money, default: 0 },
    educationExpenditure: { ...money, default: 0 },
    housingExpenditure: { ...money, default: 0 },
    otherRigidExpenditure: { ...money, default: 0 },
  },
});

export const civilAffairsEntities = [
  AssistanceEnrolmentEntity,
  CareTargetEntity,
  CareVisitEntity,
  CustodyAgreementEntity,
  HouseholdFinanceEntity,
];
