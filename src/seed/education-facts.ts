/**
 * School enrolment for the autumn 2026 term: stage and grade follow from the age on 31 August
 * (the enrolment cut-off), the left-behind flag from the parents being away, dropouts are more
 * likely in poor and left-behind households, and most left-behind pupils get a paired teacher.
 */
import { ageAt, dayOf, REFERENCE_DAY } from './dates.js';
import { PersonPools } from './pools.js';
import type { Rng } from './prng.js';
import type { HouseholdModel, PersonModel, SchoolFact, World } from './world-types.js';

/** The term every current enrolment belongs to. */
export const CURRENT_TERM = '2026-2027-1';
const TERM_START = dayOf(2026, 9, 1);
const CUT_OFF = dayOf(2026, 8, 31);

export const EDUCATION_RATES = {
  PRESCHOOL_ENROLLED: 0.88,
  SENIOR_ENROLLED: 0.88,
  VOCATIONAL_SHARE: 0.4,
  /** Base dropout probability per pupil, multiplied for risk factors (see dropoutRisk). */
  DROPOUT_BASE: 0.002,
  TEACHER_PAIRING: 0.85,
} as const;

const DROPOUT_REASONS = ['厌学', '家庭经济困难', '外出务工', '身体原因', '沉迷网络', '随父母外出未办转学'];

/** Stage and grade for an age on the cut-off day, or null when not of school age. */
export function stageForAge(age: number): { stage: SchoolFact['stage']; grade: number } | null {
  if (age >= 3 && age <= 5) return { stage: 'PRESCHOOL', grade: age - 2 };
  if (age >= 6 && age <= 11) return { stage: 'PRIMARY', grade: age - 5 };
  if (age >= 12 && age <= 14) return { stage: 'JUNIOR', grade: age - 11 };
  if (age >= 15 && age <= 17) return { stage: 'SENIOR', grade: age - 14 };
  return null;
}

function schoolName(rng: Rng, world: World, h: HouseholdModel, stage: SchoolFact['stage'], special: boolean): string {
  const county = world.places.countyName;
  const township = h.village.township.name;
  if (special) return `${county}特殊教育学校`;
  switch (stage) {
    case 'PRESCHOOL':
      return rng.chance(0.6) ? `${h.village.name}幼儿园` : `${township}中心幼儿园`;
    case 'PRIMARY':
      return rng.chance(0.5) ? `${h.village.name}小学` : `${township}中心小学`;
    case 'JUNIOR':
      return `${township}初级中学`;
    case 'SENIOR':
      return rng.weighted([`${county}第一高级中学`, `${county}第二高级中学`, `${county}实验高级中学`], [45, 35, 20]);
    case 'VOCATIONAL':
      return `${county}职业教育中心`;
  }
}

function dropoutRisk(p: PersonModel, h: HouseholdModel, stage: SchoolFact['stage']): number {
  if (stage === 'PRESCHOOL') return 0;
  let r = EDUCATION_RATES.DROPOUT_BASE;
  if (h.status !== 'NONE' || h.registeredPoorYear !== null) r *= 4;
  if (p.leftBehindChild) r *= 3;
  if (stage === 'JUNIOR') r *= 2;
  if (stage === 'SENIOR' || stage === 'VOCATIONAL') r *= 1.5;
  return r;
}

function enrol(rng: Rng, world: World, p: PersonModel): SchoolFact | null {
  if (p.deathDay !== null || p.awaySince !== null) return null;
  const placement = stageForAge(ageAt(p.birthDay, CUT_OFF));
  if (!placement) return null;
  let { stage } = placement;
  if (stage === 'PRESCHOOL' && !rng.chance(EDUCATION_RATES.PRESCHOOL_ENROLLED)) return null;
  if (stage === 'SENIOR') {
    if (!rng.chance(EDUCATION_RATES.SENIOR_ENROLLED)) return null;
    if (rng.chance(EDUCATION_RATES.VOCATIONAL_SHARE)) stage = 'VOCATIONAL';
  }
  const h = world.households[p.household]!;
  const special = p.disability !== null && p.disability.grade <= 2 && (p.disability.category === 5 || p.disability.category === 7) && stage !== 'PRESCHOOL';
  const school: SchoolFact = { school: schoolName(rng, world, h, stage, special), stage, grade: placement.grade, status: 'ENROLLED', leftBehind: p.leftBehindChild, dropout: null };
  if (p.conditions.some((c) => c.severity === 'MAJOR') && rng.chance(0.5)) school.status = 'SUSPENDED'; // 休学 for treatment
  else if (rng.chance(dropoutRisk(p, h, stage))) {
    const status = rng.weighted<'OPEN' | 'RETURNED' | 'CLOSED'>(['OPEN', 'RETURNED', 'CLOSED'], [60, 30, 10]);
    school.dropout = { reportedDay: rng.int(TERM_START + 4, REFERENCE_DAY - 1), reason: rng.pick(DROPOUT_REASONS), status };
    // A pupil persuaded back (劝返) is enrolled again; the case stays on file as RETURNED.
    if (status !== 'RETURNED') school.status = 'DROPPED_OUT';
  }
  return school;
}

/** Guarantees a few dropouts in assisted households, so the warning has something to find. */
function ensureDropouts(rng: Rng, world: World, minimum: number): void {
  const pupils = world.persons.filter((p) => p.school?.stage === 'JUNIOR' && p.school.status === 'ENROLLED' && world.households[p.household]!.status !== 'NONE');
  let have = world.persons.filter((p) => p.school?.status === 'DROPPED_OUT').length;
  while (have < minimum && pupils.length > 0) {
    const p = pupils.splice(rng.int(0, pupils.length - 1), 1)[0]!;
    p.school!.status = 'DROPPED_OUT';
    p.school!.dropout = { reportedDay: rng.int(TERM_START + 4, REFERENCE_DAY - 1), reason: rng.pick(DROPOUT_REASONS), status: 'OPEN' };
    have++;
  }
}

/**
 * Enrols school-age children, opens dropout cases and pairs left-behind pupils with teachers.
 * @param rng the education stream
 */
export function assignSchooling(rng: Rng, world: World): void {
  for (const p of world.persons) p.school = enrol(rng, world, p);
  ensureDropouts(rng, world, Math.max(2, Math.round(world.persons.length / 5000)));
  const pools = new PersonPools(world, rng.fork('teacher-pools'));
  for (const p of world.persons) {
    if (!p.school?.leftBehind || p.school.status === 'DROPPED_OUT' || !rng.chance(EDUCATION_RATES.TEACHER_PAIRING)) continue;
    const h = world.households[p.household]!;
    const teacher = pools.teacherFor(rng, h.village.township.code, h.index);
    if (teacher === null) continue;
    const sinceDay = rng.int(Math.max(p.birthDay + 365 * 3, REFERENCE_DAY - 365 * 3), REFERENCE_DAY - 20);
    world.pairings.push({ pupil: p.index, teacher, sinceDay });
    world.links.push({ from: teacher, to: p.index, kind: 'TEACHER_PAIRING', department: 'education', startDay: sinceDay, endDay: null });
  }
}
