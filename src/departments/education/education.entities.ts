import { defineDepartmentRecord, type PersonRecord } from '../department-record.js';

const base = { department: 'education', schema: 'education', owner: 'person' } as const;

/** School enrolment and status for one term (学籍). */
export interface SchoolEnrolment extends PersonRecord {
  school: string;
  stage: 'PRESCHOOL' | 'PRIMARY' | 'JUNIOR' | 'SENIOR' | 'VOCATIONAL';
  grade: number;
  status: 'ENROLLED' | 'DROPPED_OUT' | 'SUSPENDED' | 'GRADUATED';
  leftBehind: boolean;
  term: string;
}

export const SchoolEnrolmentEntity = defineDepartmentRecord<SchoolEnrolment>({
  ...base,
  name: 'SchoolEnrolment',
  tableName: 'enrolment',
  properties: {
    school: { type: 'string', length: 100 },
    stage: { type: 'string', length: 16 },
    grade: { type: 'smallint' },
    status: { type: 'string', length: 16, index: true },
    leftBehind: { type: 'boolean', default: false },
    term: { type: 'string', length: 16 },
  },
});

/** A teacher paired with a pupil for care (结对关爱). */
export interface TeacherPairing extends PersonRecord {
  teacherName: string;
  teacherPhone: string | null;
  sinceDate: string;
  untilDate: string | null;
}

export const TeacherPairingEntity = defineDepartmentRecord<TeacherPairing>({
  ...base,
  name: 'TeacherPairing',
  tableName: 'teacher_pairing',
  properties: {
    teacherName: { type: 'text' },
    teacherPhone: { type: 'text', nullable: true },
    sinceDate: { type: 'date' },
    untilDate: { type: 'date', nullable: true },
  },
});

/** Education aid (教育资助) for one school year. */
export interface EducationAid extends PersonRecord {
  kind: 'TUITION_WAIVER' | 'LIVING_ALLOWANCE' | 'NUTRITION' | 'SCHOLARSHIP';
  amount: string;
  year: number;
}

export const EducationAidEntity = defineDepartmentRecord<EducationAid>({
  ...base,
  name: 'EducationAid',
  tableName: 'education_aid',
  properties: {
    kind: { type: 'string', length: 20 },
    amount: { type: 'decimal', precision: 12, scale: 2 },
    year: { type: 'smallint' },
  },
});

/** A dropout case under 控辍保学 (keeping pupils in school). */
export interface DropoutCase extends PersonRecord {
  reportedDate: string;
  reason: string | null;
  status: 'OPEN' | 'RETURNED' | 'CLOSED';
}

export const DropoutCaseEntity = defineDepartmentRecord<DropoutCase>({
  ...base,
  name: 'DropoutCase',
  tableName: 'dropout_case',
  properties: {
    reportedDate: { type: 'date' },
    reason: { type: 'string', length: 200, nullable: true },
    status: { type: 'string', length: 16 },
  },
});

export const educationEntities = [SchoolEnrolmentEntity, TeacherPairingEntity, EducationAidEntity, DropoutCaseEntity];
