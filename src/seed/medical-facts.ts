/**
 * Yearly medical spending from medical-insurance settlement data. Decided in the world because
 * two tables must agree: health.medical_expense (per person) and the medical part of
 * civil_affairs.household_finance (the household's out-of-pocket total).
 */
import { yearOf } from './dates.js';
import type { Rng } from './prng.js';
import { MEDICAL_YEARS, type ConditionFact, type PersonModel, type World } from './world-types.js';

export const MEDICAL_RATES = {
  /** Share with any settlement in a year, for persons without a diagnosed condition. */
  ELDERLY_WITH_CLAIMS: 0.65,
  CHILD_WITH_CLAIMS: 0.3,
  OTHERS_WITH_CLAIMS: 0.18,
  /** Yearly chance of an unplanned hospital stay. */
  HOSPITAL_STAY: 0.06,
} as const;

/** Yearly cost in yuan of one condition, in its diagnosis year and in later years. */
function conditionCost(rng: Rng, c: ConditionFact, diagnosedThisYear: boolean): number {
  if (c.icd10.startsWith('C')) return rng.logUniform(diagnosedThisYear ? 40_000 : 15_000, diagnosedThisYear ? 250_000 : 120_000);
  switch (c.icd10) {
    case 'N18':
      return rng.logUniform(50_000, 90_000); // dialysis three times a week
    case 'Q21':
      return diagnosedThisYear ? rng.logUniform(30_000, 80_000) : rng.logUniform(500, 3_000);
    case 'I63':
      return diagnosedThisYear ? rng.logUniform(15_000, 60_000) : rng.logUniform(2_000, 12_000);
  }
  if (c.severity === 'SEVERE_MENTAL') return rng.logUniform(3_000, 15_000);
  return rng.logUniform(800, 6_000);
}

function assisted(world: World, p: PersonModel): boolean {
  const h = world.households[p.household]!;
  return h.status === 'DIBAO' || h.status === 'TEKUN' || h.status === 'SAFETY_NET' || h.status === 'DIBAO_EDGE';
}

/**
 * Basic medical insurance pays little for outpatient care and 55–72% of larger bills; for
 * assisted households medical assistance (医疗救助) adds 12–20 points, capped at 92%.
 */
function reimbursedShare(rng: Rng, totalYuan: number, isAssisted: boolean): number {
  const base = totalYuan < 3_000 ? 0.3 + rng.next() * 0.2 : 0.55 + rng.next() * 0.17;
  return Math.min(0.92, base + (isAssisted ? 0.12 + rng.next() * 0.08 : 0));
}

/**
 * Decides every person's yearly medical totals (fen) for MEDICAL_YEARS.
 * @param rng the medical stream
 */
export function assignMedical(rng: Rng, world: World): void {
  for (const p of world.persons) {
    const deathYear = p.deathDay === null ? Infinity : yearOf(p.deathDay);
    const birthYear = yearOf(p.birthDay);
    const share = p.conditions.length > 0 ? 1 : p.age >= 60 ? MEDICAL_RATES.ELDERLY_WITH_CLAIMS : p.age <= 6 ? MEDICAL_RATES.CHILD_WITH_CLAIMS : MEDICAL_RATES.OTHERS_WITH_CLAIMS;
    const isAssisted = assisted(world, p);
    for (const year of MEDICAL_YEARS) {
      if (year > deathYear || year < birthYear || !rng.chance(share)) continue;
      let yuan = rng.logUniform(80, 2_500); // outpatient visits and pharmacy
      for (const c of p.conditions) {
        const diagnosedYear = yearOf(c.diagnosedDay);
        if (diagnosedYear <= year) yuan += conditionCost(rng, c, diagnosedYear === year);
      }
      if (rng.chance(MEDICAL_RATES.HOSPITAL_STAY)) yuan += rng.logUniform(3_000, 40_000);
      const totalFen = Math.round(yuan * 100);
      const reimbursedFen = Math.round(totalFen * reimbursedShare(rng, yuan, isAssisted));
      p.medical.push({ year, totalFen, reimbursedFen });
    }
  }
}
