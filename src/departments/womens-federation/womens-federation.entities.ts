import { defineDepartmentRecord, type PersonRecord } from '../department-record.js';

const base = { department: 'womens-federation', schema: 'womens_federation', owner: 'person' } as const;

/** Profile of a left-behind woman (留守妇女). */
export interface LeftBehindWomanProfile extends PersonRecord {
  spouseWorkPlace: string | null;
  spouseAwaySince: string | null;
  childrenInCare: number;
  needs: string | null;
}

export const LeftBehindWomanProfileEntity = defineDepartmentRecord<LeftBehindWomanProfile>({
  ...base,
  name: 'LeftBehindWomanProfile',
  tableName: 'left_behind_woman',
  properties: {
    spouseWorkPlace: { type: 'string', length: 100, nullable: true },
    spouseAwaySince: { type: 'date', nullable: true },
    childrenInCare: { type: 'smallint', default: 0 },
    needs: { type: 'string', length: 200, nullable: true },
  },
});

/** Skills training and whether it led to employment. */
export interface Training extends PersonRecord {
  course: string;
  startDate: string;
  completed: boolean;
  employedAfter: boolean;
}

export const TrainingEntity = defineDepartmentRecord<Training>({
  ...base,
  name: 'WomensTraining',
  tableName: 'training',
  properties: {
    course: { type: 'string', length: 100 },
    startDate: { type: 'date' },
    completed: { type: 'boolean', default: false },
    employedAfter: { type: 'boolean', default: false },
  },
});

/** A support case: legal aid, psychological, employment, domestic-violence shelter. */
export interface SupportCase extends PersonRecord {
  kind: 'LEGAL_AID' | 'PSYCHOLOGICAL' | 'EMPLOYMENT' | 'DOMESTIC_VIOLENCE_SHELTER';
  status: 'OPEN' | 'IN_PROGRESS' | 'CLOSED';
  openedDate: string;
  closedDate: string | null;
}

export const SupportCaseEntity = defineDepartmentRecord<SupportCase>({
  ...base,
  name: 'SupportCase',
  tableName: 'support_case',
  properties: {
    kind: { type: 'string', length: 32 },
    status: { type: 'string', length: 16 },
    openedDate: { type: 'date' },
    closedDate: { type: 'date', nullable: true },
  },
});

export const womensFederationEntities = [LeftBehindWomanProfileEntity, TrainingEntity, SupportCaseEntity];
