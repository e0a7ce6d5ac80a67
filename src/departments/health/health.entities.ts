import { defineDepartmentRecord, type PersonRecord } from '../department-record.js';

const base = { department: 'health', schema: 'health', owner: 'person' } as const;
const money = { type: 'decimal', precision: 12, scale: 2 } as const;

/** Family-doctor contract (家庭医生签约). */
export interface FamilyDoctorContract extends PersonRecord {
  team: string;
  signedDate: string;
  validUntil: string;
}

export const FamilyDoctorContractEntity = defineDepartmentRecord<FamilyDoctorContract>({
  ...base,
  name: 'FamilyDoctorContract',
  tableName: 'family_doctor_contract',
  properties: {
    team: { type: 'string', length: 100 },
    signedDate: { type: 'date' },
    validUntil: { type: 'date' },
  },
});

/** A health check with its self-care assessment (自理能力评估). */
export interface HealthCheck extends PersonRecord {
  checkDate: string;
  selfCareAssessment: 'FULL' | 'PARTIAL' | 'NONE' | null;
  summary: string | null;
}

export const HealthCheckEntity = defineDepartmentRecord<HealthCheck>({
  ...base,
  name: 'HealthCheck',
  tableName: 'health_check',
  properties: {
    checkDate: { type: 'date' },
    selfCareAssessment: { type: 'string', length: 8, nullable: true },
    summary: { type: 'string', length: 500, nullable: true },
  },
});

/** A diagnosed chronic or major illness (慢病 / 大病), coded in ICD-10. */
export interface Condition extends PersonRecord {
  icd10Code: string;
  name: string;
  severity: 'CHRONIC' | 'MAJOR' | 'SEVERE_MENTAL';
  diagnosedDate: string;
}

export const ConditionEntity = defineDepartmentRecord<Condition>({
  ...base,
  name: 'HealthCondition',
  tableName: 'condition',
  properties: {
    icd10Code: { type: 'string', length: 16, index: true, fieldName: 'icd10_code' },
    name: { type: 'string', length: 100 },
    severity: { type: 'string', length: 16 },
    diagnosedDate: { type: 'date' },
  },
});

/** Yearly medical spending from medical-insurance settlement data. */
export interface MedicalExpense extends PersonRecord {
  year: number;
  total: string;
  reimbursed: string;
  outOfPocket: string;
}

export const MedicalExpenseEntity = defineDepartmentRecord<MedicalExpense>({
  ...base,
  name: 'MedicalExpense',
  tableName: 'medical_expense',
  properties: {
    year: { type: 'smallint' },
    total: { ...money },
    reimbursed: { ...money },
    outOfPocket: { ...money },
  },
});

/** A registered death (死亡登记). */
export interface Death extends PersonRecord {
  deathDate: string;
  cause: string | null;
}

export const DeathEntity = defineDepartmentRecord<Death>({
  ...base,
  name: 'Death',
  tableName: 'death',
  properties: {
    deathDate: { type: 'date' },
    cause: { type: 'string', length: 100, nullable: true },
  },
});

export const healthEntities = [FamilyDoctorContractEntity, HealthCheckEntity, ConditionEntity, MedicalExpenseEntity, DeathEntity];
