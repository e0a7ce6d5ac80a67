import { defineDepartmentRecord, type PersonRecord } from '../department-record.js';

const base = { department: 'disability', schema: 'disability', owner: 'person' } as const;
const money = { type: 'decimal', precision: 12, scale: 2 } as const;

/** Second-generation disability certificate (第二代残疾人证): ID number + category digit + grade digit. */
export interface Certificate extends PersonRecord {
  certificateNumber: string;
  category: number;
  grade: number;
  issuedDate: string;
  validUntil: string | null;
}

export const CertificateEntity = defineDepartmentRecord<Certificate>({
  ...base,
  name: 'DisabilityCertificate',
  tableName: 'certificate',
  properties: {
    certificateNumber: { type: 'text' },
    category: { type: 'smallint', index: true },
    grade: { type: 'smallint' },
    issuedDate: { type: 'date' },
    validUntil: { type: 'date', nullable: true },
  },
});

/** A rehabilitation service, from referral to settlement (转介 → 评估 → 申请 → 服务中 → 结算). */
export interface RehabService extends PersonRecord {
  serviceType: string;
  provider: string | null;
  status: 'REFERRAL' | 'ASSESSMENT' | 'APPLICATION' | 'IN_SERVICE' | 'SETTLED';
  referredDate: string;
  startDate: string | null;
  endDate: string | null;
  cost: string | null;
}

export const RehabServiceEntity = defineDepartmentRecord<RehabService>({
  ...base,
  name: 'RehabService',
  tableName: 'rehab_service',
  properties: {
    serviceType: { type: 'string', length: 32 },
    provider: { type: 'string', length: 100, nullable: true },
    status: { type: 'string', length: 16 },
    referredDate: { type: 'date' },
    startDate: { type: 'date', nullable: true },
    endDate: { type: 'date', nullable: true },
    cost: { ...money, nullable: true },
  },
});

/** The two disability subsidies: living (生活补贴) and nursing (护理补贴). */
export interface Subsidy extends PersonRecord {
  kind: 'LIVING' | 'NURSING';
  monthlyAmount: string;
  startDate: string;
  endDate: string | null;
  status: 'ACTIVE' | 'SUSPENDED' | 'ENDED';
}

export const SubsidyEntity = defineDepartmentRecord<Subsidy>({
  ...base,
  name: 'DisabilitySubsidy',
  tableName: 'subsidy',
  properties: {
    kind: { type: 'string', length: 16 },
    monthlyAmount: { ...money },
    startDate: { type: 'date' },
    endDate: { type: 'date', nullable: true },
    status: { type: 'string', length: 16 },
  },
});

/** A one-off aid grant (救助金). */
export interface AidGrant extends PersonRecord {
  kind: 'REHAB' | 'EMPLOYMENT' | 'EDUCATION' | 'LIVING' | 'DISASTER' | 'MEDICAL' | 'HOUSING' | 'BARRIER_FREE';
  amount: string;
  grantedDate: string;
}

export const AidGrantEntity = defineDepartmentRecord<AidGrant>({
  ...base,
  name: 'DisabilityAidGrant',
  tableName: 'aid_grant',
  properties: {
    kind: { type: 'string', length: 16 },
    amount: { ...money },
    grantedDate: { type: 'date' },
  },
});

export const disabilityEntities = [CertificateEntity, RehabServiceEntity, SubsidyEntity, AidGrantEntity];
