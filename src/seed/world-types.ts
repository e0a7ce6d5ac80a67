/**
 * The in-memory model of the demo county ("world") that every table is rendered from. Facts that
 * more than one table must agree on (who is dead, who is on 低保, who guards whom, which pupil is
 * paired with which teacher, yearly medical spending) are decided once here; details only one
 * table shows (visit notes, training courses, amounts) are drawn while rendering that table.
 * Indices are 0-based array positions; database ids are index + 1.
 */
import type { Ability, Gender } from '../core/entities/person.entity.js';
import type { MonitoringStatus } from '../core/entities/household.entity.js';
import type { PersonLinkKind } from '../core/entities/person-link.entity.js';
import type { AssistanceEnrolment, CareTarget, CustodyAgreement } from '../departments/civil-affairs/civil-affairs.entities.js';
import type { Condition } from '../departments/health/health.entities.js';
import type { SchoolEnrolment } from '../departments/education/education.entities.js';
import type { CountyPlaces, Village } from './places.js';

export type Relation = 'HEAD' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'GRANDCHILD' | 'GRANDPARENT' | 'SIBLING' | 'CHILD_IN_LAW' | 'OTHER';

export type HouseholdKind =
  | 'SINGLE_ELDERLY'
  | 'SINGLE_ADULT'
  | 'ELDERLY_COUPLE'
  | 'COUPLE'
  | 'NUCLEAR'
  | 'THREE_GENERATION'
  | 'SKIPPED_GENERATION'
  | 'SINGLE_PARENT';

export interface DisabilityFact {
  category: number; // 1 visual … 7 multiple
  grade: number; // 1 most severe … 4
  issuedDay: number;
}

export interface ConditionFact {
  icd10: string;
  name: string;
  severity: Condition['severity'];
  diagnosedDay: number;
}

export interface MedicalYear {
  year: number;
  totalFen: number;
  reimbursedFen: number;
}

export interface SchoolFact {
  school: string;
  stage: SchoolEnrolment['stage'];
  grade: number;
  status: SchoolEnrolment['status'];
  leftBehind: boolean;
  /** Set when a 控辍保学 case was opened for the pupil. */
  dropout: { reportedDay: number; reason: string; status: 'OPEN' | 'RETURNED' | 'CLOSED' } | null;
}

export interface PersonModel {
  index: number;
  household: number;
  idNumber: string;
  surname: string;
  name: string;
  gender: Gender;
  birthDay: number;
  /** Whole years at the reference date. */
  age: number;
  ethnicity: string;
  phone: string | null;
  relation: Relation;
  spouse: number | null;
  labourAbility: Ability | null;
  selfCareAbility: Ability | null;
  deathDay: number | null;
  deathCause: string | null;
  /** Works away from home (外出务工) since this day, in `workPlace`. */
  awaySince: number | null;
  workPlace: string | null;
  /** Under 18 and both parents away (or absent): a left-behind child (留守儿童 when under 16). */
  leftBehindChild: boolean;
  /** 60+ and every child of working age away: a left-behind elderly person. */
  leftBehindElderly: boolean;
  /** Wife staying at home while her husband works away: a left-behind woman. */
  leftBehindWoman: boolean;
  disability: DisabilityFact | null;
  conditions: ConditionFact[];
  medical: MedicalYear[];
  school: SchoolFact | null;
}

export interface HouseholdModel {
  index: number;
  number: string;
  village: Village;
  address: string;
  kind: HouseholdKind;
  members: number[];
  head: number;
  /** Vulnerability score (with noise) used to pick assisted households. */
  score: number;
  registeredPoorYear: number | null;
  status: MonitoringStatus;
  statusSince: number | null;
  consentDay: number | null;
}

export interface EnrolmentFact {
  person: number;
  program: AssistanceEnrolment['program'];
  supportMode: AssistanceEnrolment['supportMode'];
  status: AssistanceEnrolment['status'];
  startDay: number;
  endDay: number | null;
  monthlyFen: number;
}

export interface CareTargetFact {
  person: number;
  category: CareTarget['category'];
  keyGuardianship: boolean;
  /** Village cadre responsible for the 四个一 follow-ups. */
  helper: number;
  helpingUnit: string;
  startDay: number;
  endDay: number | null;
  /** How reliably follow-ups happen: drives the deliberately overdue cases. */
  diligence: 'DILIGENT' | 'SPOTTY' | 'LAPSED';
}

export interface CustodyFact {
  person: number;
  mode: CustodyAgreement['mode'];
  custodian: number;
  signedDay: number;
  endDay: number | null;
}

export interface TeacherPairingFact {
  pupil: number;
  teacher: number;
  sinceDay: number;
}

export interface LinkFact {
  from: number;
  to: number;
  kind: PersonLinkKind;
  department: string;
  startDay: number | null;
  endDay: number | null;
}

export interface World {
  seed: number;
  places: CountyPlaces;
  persons: PersonModel[];
  households: HouseholdModel[];
  enrolments: EnrolmentFact[];
  careTargets: CareTargetFact[];
  custody: CustodyFact[];
  pairings: TeacherPairingFact[];
  links: LinkFact[];
}

/** Department seeds (`DepartmentSeed.build`) receive this world: the contract's slot is filled here. */
declare module '../contract/seed-table.js' {
  interface SeedWorld extends World {}
}

/** Years covered by yearly medical-insurance settlement data. */
export const MEDICAL_YEARS = [2023, 2024, 2025] as const;
