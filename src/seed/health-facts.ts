/**
 * Health facts every department must agree on: chronic and major illnesses (ICD-10), disability
 * (category, grade, certificate issue date) and the labour / self-care abilities that follow from
 * age, disability and illness.
 */
import type { Ability } from '../core/entities/person.entity.js';
import { addYears, dayOf, REFERENCE_DAY } from './dates.js';
import type { Rng } from './prng.js';
import type { ConditionFact, PersonModel } from './world-types.js';

interface ConditionSpec {
  icd10: string;
  name: string;
  severity: ConditionFact['severity'];
  /** Prevalence by age (and gender), as a probability. */
  prevalence(age: number, female: boolean): number;
  /** Major illnesses are diagnosed recently; chronic ones up to 15 years ago. */
  recentYears: number;
}

const band = (age: number, cuts: readonly [number, number][]): number => {
  let p = 0;
  for (const [from, value] of cuts) if (age >= from) p = value;
  return p;
};

/** Prevalences approximate China's chronic-disease surveillance for rural adults. */
export const CONDITIONS: readonly ConditionSpec[] = [
  { icd10: 'I10', name: '原发性高血压', severity: 'CHRONIC', recentYears: 15, prevalence: (a) => band(a, [[18, 0.01], [35, 0.08], [45, 0.2], [60, 0.36], [75, 0.44]]) },
  { icd10: 'E11', name: '2型糖尿病', severity: 'CHRONIC', recentYears: 15, prevalence: (a) => band(a, [[18, 0.002], [35, 0.03], [45, 0.08], [60, 0.14]]) },
  { icd10: 'I25', name: '冠心病（慢性缺血性心脏病）', severity: 'CHRONIC', recentYears: 12, prevalence: (a) => band(a, [[45, 0.02], [60, 0.07], [75, 0.12]]) },
  { icd10: 'I63', name: '脑梗死', severity: 'CHRONIC', recentYears: 10, prevalence: (a) => band(a, [[45, 0.01], [60, 0.04], [75, 0.08]]) },
  { icd10: 'J44', name: '慢性阻塞性肺疾病', severity: 'CHRONIC', recentYears: 12, prevalence: (a) => band(a, [[45, 0.02], [60, 0.06], [75, 0.1]]) },
  { icd10: 'M17', name: '膝关节骨性关节炎', severity: 'CHRONIC', recentYears: 12, prevalence: (a) => band(a, [[50, 0.03], [65, 0.07]]) },
  { icd10: 'G40', name: '癫痫', severity: 'CHRONIC', recentYears: 15, prevalence: (a) => (a >= 2 ? 0.003 : 0) },
  { icd10: 'N18', name: '慢性肾脏病（尿毒症期）', severity: 'MAJOR', recentYears: 6, prevalence: (a) => band(a, [[30, 0.002], [60, 0.005]]) },
  { icd10: 'C34', name: '支气管和肺恶性肿瘤', severity: 'MAJOR', recentYears: 4, prevalence: (a) => band(a, [[45, 0.001], [60, 0.004]]) },
  { icd10: 'C15', name: '食管恶性肿瘤', severity: 'MAJOR', recentYears: 4, prevalence: (a) => band(a, [[50, 0.002]]) },
  { icd10: 'C16', name: '胃恶性肿瘤', severity: 'MAJOR', recentYears: 4, prevalence: (a) => band(a, [[50, 0.002]]) },
  { icd10: 'C22', name: '肝恶性肿瘤', severity: 'MAJOR', recentYears: 4, prevalence: (a) => band(a, [[40, 0.0015]]) },
  { icd10: 'C50', name: '乳房恶性肿瘤', severity: 'MAJOR', recentYears: 5, prevalence: (a, f) => (f ? band(a, [[35, 0.002], [50, 0.003]]) : 0) },
  { icd10: 'C92', name: '髓系白血病', severity: 'MAJOR', recentYears: 4, prevalence: () => 0.0003 },
  { icd10: 'Q21', name: '先天性心脏间隔缺损', severity: 'MAJOR', recentYears: 6, prevalence: (a) => (a < 18 ? 0.002 : 0) },
  { icd10: 'F20', name: '精神分裂症', severity: 'SEVERE_MENTAL', recentYears: 20, prevalence: (a) => (a >= 18 ? 0.004 : 0) },
  { icd10: 'F31', name: '双相情感障碍', severity: 'SEVERE_MENTAL', recentYears: 15, prevalence: (a) => (a >= 18 ? 0.001 : 0) },
];

const SCHIZOPHRENIA = CONDITIONS.find((c) => c.icd10 === 'F20')!;

/** Disability categories by life stage (certificate holders; 4 = physical is the most common). */
const CATEGORY_WEIGHTS = {
  child: [5, 15, 10, 20, 35, 0, 15], // categories 1..7
  adult: [11, 11, 4, 45, 8, 11, 10],
  elderly: [16, 18, 2, 45, 3, 4, 12],
} as const;
const GRADE_WEIGHTS = [12, 24, 30, 34]; // grades 1..4
const CATEGORIES = [1, 2, 3, 4, 5, 6, 7];
const GRADES = [1, 2, 3, 4];

/** Target share of persons holding a disability certificate. */
export const DISABILITY_RATE = 0.06;

/** Disability prevalence rises with age; these weights are scaled to hit DISABILITY_RATE. */
function disabilityAgeWeight(age: number): number {
  return age < 1 ? 0 : age < 18 ? 0.3 : age < 45 ? 0.7 : age < 60 ? 1.0 : age < 75 ? 1.8 : 2.5;
}

function diagnosedDay(rng: Rng, person: PersonModel, spec: ConditionSpec): number {
  const minAge = spec.icd10 === 'Q21' ? 0 : spec.icd10.startsWith('F') ? 16 : 1;
  const earliest = Math.max(addYears(person.birthDay, minAge), addYears(REFERENCE_DAY, -spec.recentYears));
  return rng.int(Math.min(earliest, REFERENCE_DAY - 30), REFERENCE_DAY - 30);
}

function addCondition(rng: Rng, person: PersonModel, spec: ConditionSpec): void {
  person.conditions.push({ icd10: spec.icd10, name: spec.name, severity: spec.severity, diagnosedDay: diagnosedDay(rng, person, spec) });
}

/** Second-generation certificates date from 2011; most were (re)issued since 2017. */
function issuedDay(rng: Rng, person: PersonModel): number {
  const earliest = Math.max(person.birthDay + 180, rng.chance(0.9) ? dayOf(2017, 1, 1) : dayOf(2012, 1, 1));
  return rng.int(Math.min(earliest, REFERENCE_DAY - 30), REFERENCE_DAY - 30);
}

/** Worst of two abilities (NONE < PARTIAL < FULL). */
function worse(a: Ability, b: Ability): Ability {
  const rank = { NONE: 0, PARTIAL: 1, FULL: 2 } as const;
  return rank[a] <= rank[b] ? a : b;
}

function labourAbility(rng: Rng, p: PersonModel): Ability {
  if (p.age < 16) return 'NONE'; // minors count as without labour ability in assistance files
  let a: Ability = p.age < 60 ? 'FULL' : p.age < 70 ? rng.weighted<Ability>(['FULL', 'PARTIAL', 'NONE'], [35, 55, 10]) : rng.chance(0.35) ? 'PARTIAL' : 'NONE';
  const d = p.disability;
  if (d) a = worse(a, d.grade <= 2 ? 'NONE' : d.grade === 3 || d.category === 5 || d.category === 6 ? 'PARTIAL' : 'FULL');
  for (const c of p.conditions) {
    if (c.severity === 'MAJOR') a = worse(a, 'PARTIAL');
    if (c.severity === 'SEVERE_MENTAL') a = worse(a, rng.chance(0.4) ? 'NONE' : 'PARTIAL');
  }
  return a;
}

function selfCareAbility(rng: Rng, p: PersonModel): Ability | null {
  if (p.age < 6 && !p.disability) return null; // not assessed for small children
  const byAge: [number, number] = p.age >= 90 ? [40, 20] : p.age >= 80 ? [22, 7] : p.age >= 70 ? [8, 2] : [1, 0.2];
  let a = rng.weighted<Ability>(['FULL', 'PARTIAL', 'NONE'], [100 - byAge[0] - byAge[1], byAge[0], byAge[1]]);
  if (p.disability?.grade === 1) a = worse(a, rng.weighted<Ability>(['FULL', 'PARTIAL', 'NONE'], [10, 40, 50]));
  if (p.disability?.grade === 2) a = worse(a, rng.weighted<Ability>(['FULL', 'PARTIAL', 'NONE'], [45, 45, 10]));
  if (p.conditions.some((c) => c.icd10 === 'I63')) a = worse(a, rng.weighted<Ability>(['FULL', 'PARTIAL', 'NONE'], [55, 35, 10]));
  return a;
}

/**
 * Assigns conditions, disabilities and abilities to every person.
 * @param rng the health stream
 */
export function assignHealth(rng: Rng, persons: PersonModel[]): void {
  let weightSum = 0;
  for (const p of persons) weightSum += disabilityAgeWeight(p.age);
  const disabilityScale = weightSum > 0 ? (DISABILITY_RATE * persons.length) / weightSum : 0;
  for (const p of persons) {
    const female = p.gender === 'FEMALE';
    for (const spec of CONDITIONS) if (rng.chance(spec.prevalence(p.age, female))) addCondition(rng, p, spec);
    if (rng.chance(disabilityAgeWeight(p.age) * disabilityScale)) {
      const weights = p.age < 18 ? CATEGORY_WEIGHTS.child : p.age < 60 ? CATEGORY_WEIGHTS.adult : CATEGORY_WEIGHTS.elderly;
      const category = rng.weighted(CATEGORIES, weights);
      const grade = rng.weighted(GRADES, GRADE_WEIGHTS);
      p.disability = { category, grade, issuedDay: issuedDay(rng, p) };
      // Mental disability (category 6) is certified on a diagnosis, usually schizophrenia.
      if (category === 6 && !p.conditions.some((c) => c.severity === 'SEVERE_MENTAL') && rng.chance(0.8)) addCondition(rng, p, SCHIZOPHRENIA);
    }
    p.labourAbility = labourAbility(rng, p);
    p.selfCareAbility = selfCareAbility(rng, p);
  }
}
