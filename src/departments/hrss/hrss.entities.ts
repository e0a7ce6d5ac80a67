import { defineDepartmentRecord, type PersonRecord } from '../department-record.js';
import type { Person } from '../../core/entities/person.entity.js';

const base = { department: 'hrss', schema: 'hrss', owner: 'person' } as const;

export type MutualAidPostType = 'ELDERLY_CARE' | 'CHILDCARE' | 'SICK_CARE' | 'DISABILITY_HELP';

/**
 * A public-welfare mutual-aid post (公益岗位). Modelled as owned by its holder: the programme
 * creates a post for one named poor worker in one village (岗随人设), and a new holder means a
 * new post record, so `person_id` is the holder and the hosting village is a plain column.
 */
export interface MutualAidPost extends PersonRecord {
  postType: MutualAidPostType;
  villageCode: string;
  workPattern: 'HOURLY' | 'FULL_TIME';
  subsidyKind: 'POST_SUBSIDY' | 'SOCIAL_INSURANCE_SUBSIDY';
  monthlySubsidy: string;
  startDate: string;
  endDate: string | null;
  status: 'ACTIVE' | 'ENDED';
}

export const MutualAidPostEntity = defineDepartmentRecord<MutualAidPost>({
  ...base,
  name: 'MutualAidPost',
  tableName: 'post',
  properties: {
    postType: { type: 'string', length: 16 },
    villageCode: { type: 'string', length: 12, index: true },
    workPattern: { type: 'string', length: 16 },
    subsidyKind: { type: 'string', length: 32 },
    monthlySubsidy: { type: 'decimal', precision: 12, scale: 2 },
    startDate: { type: 'date' },
    endDate: { type: 'date', nullable: true },
    status: { type: 'string', length: 16 },
  },
});

/**
 * A pairing (结对帮扶) of a post holder with one person helped. Owned by the person helped
 * (`person_id`); the helper is a second person reference, so the pairing reads from both ends.
 */
export interface MutualAidPairing extends PersonRecord {
  helper: Person;
  post: MutualAidPost;
  services: string | null;
  startDate: string;
  endDate: string | null;
}

export const MutualAidPairingEntity = defineDepartmentRecord<MutualAidPairing>({
  ...base,
  name: 'MutualAidPairing',
  tableName: 'pairing',
  properties: {
    helper: { kind: 'm:1', entity: 'Person', fieldName: 'helper_person_id', index: true },
    post: { kind: 'm:1', entity: 'MutualAidPost', index: true },
    services: { type: 'string', length: 200, nullable: true },
    startDate: { type: 'date' },
    endDate: { type: 'date', nullable: true },
  },
});

/** Monthly attendance (考勤) of a post holder on one post, kept by the hosting village. */
export interface PostAttendance extends PersonRecord {
  post: MutualAidPost;
  month: string;
  daysRequired: number;
  daysPresent: number;
}

export const PostAttendanceEntity = defineDepartmentRecord<PostAttendance>({
  ...base,
  name: 'PostAttendance',
  tableName: 'attendance',
  properties: {
    post: { kind: 'm:1', entity: 'MutualAidPost', index: true },
    month: { type: 'date' },
    daysRequired: { type: 'smallint' },
    daysPresent: { type: 'smallint' },
  },
});

/** A periodic assessment (考核) of a post holder's work. */
export interface PostAssessment extends PersonRecord {
  post: MutualAidPost;
  periodEnd: string;
  result: 'EXCELLENT' | 'QUALIFIED' | 'BASICALLY_QUALIFIED' | 'UNQUALIFIED';
  score: number | null;
  assessor: string | null;
}

export const PostAssessmentEntity = defineDepartmentRecord<PostAssessment>({
  ...base,
  name: 'PostAssessment',
  tableName: 'assessment',
  properties: {
    post: { kind: 'm:1', entity: 'MutualAidPost', index: true },
    periodEnd: { type: 'date' },
    result: { type: 'string', length: 24 },
    score: { type: 'smallint', nullable: true },
    assessor: { type: 'text', nullable: true },
  },
});

export const hrssEntities = [MutualAidPostEntity, MutualAidPairingEntity, PostAttendanceEntity, PostAssessmentEntity];
