/**
 * Deaths in the two years before the reference date. The hub keeps deceased persons (with
 * `deceased_date`) because department ledgers lag behind the death register — which is exactly
 * what the "deceased but still paid" warning looks for.
 */
import { REFERENCE_DAY } from './dates.js';
import type { Rng } from './prng.js';
import type { PersonModel } from './world-types.js';

/** Probability of dying within two years, by age (≈ rural China life tables). */
function twoYearMortality(age: number): number {
  if (age < 1) return 0.002;
  if (age < 40) return 0.0006;
  if (age < 60) return 0.005;
  if (age < 70) return 0.018;
  if (age < 80) return 0.05;
  if (age < 90) return 0.14;
  return 0.3;
}

const OTHER_CAUSES = ['心力衰竭', '呼吸衰竭', '肺部感染', '衰老（自然死亡）', '意外伤害', '心源性猝死'];
const OTHER_CAUSE_WEIGHTS = [25, 15, 15, 30, 8, 7];

function riskMultiplier(p: PersonModel): number {
  let m = 1;
  for (const c of p.conditions) {
    if (c.icd10.startsWith('C')) m = Math.max(m, 10);
    else if (c.icd10 === 'N18') m = Math.max(m, 3);
    else if (c.icd10 === 'I63') m = Math.max(m, 2);
  }
  if (p.disability?.grade === 1) m *= 1.5;
  return m;
}

/** The most likely recorded cause of death given the person's conditions. */
export function causeOfDeath(rng: Rng, p: PersonModel): string {
  const cancer = p.conditions.find((c) => c.icd10.startsWith('C'));
  if (cancer) return cancer.name;
  const grave = p.conditions.find((c) => ['N18', 'I63', 'I25', 'J44'].includes(c.icd10));
  if (grave && rng.chance(0.7)) return grave.name;
  return rng.weighted(OTHER_CAUSES, OTHER_CAUSE_WEIGHTS);
}

/** Marks a person dead on a given day (also used for the deliberate "still paid" cases). */
export function markDead(rng: Rng, p: PersonModel, day: number): void {
  const deathDay = Math.max(day, p.birthDay + 1);
  p.deathDay = deathDay;
  p.deathCause = causeOfDeath(rng, p);
  // Nothing can be diagnosed or certified after death.
  const before = () => Math.max(p.birthDay, deathDay - rng.int(30, 400));
  for (const c of p.conditions) if (c.diagnosedDay >= deathDay) c.diagnosedDay = before();
  if (p.disability && p.disability.issuedDay >= deathDay) p.disability.issuedDay = before();
}

/**
 * Decides who died in the last two years.
 * @param rng the deaths stream
 */
export function assignDeaths(rng: Rng, persons: PersonModel[]): void {
  for (const p of persons) {
    if (!rng.chance(Math.min(0.6, twoYearMortality(p.age) * riskMultiplier(p)))) continue;
    markDead(rng, p, rng.int(REFERENCE_DAY - 730, REFERENCE_DAY - 1));
  }
}
