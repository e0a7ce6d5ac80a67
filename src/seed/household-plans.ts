/**
 * Household compositions of a central-China rural county: elderly living alone or as couples,
 * nuclear families, three-generation households whose middle generation works away (leaving
 * children with grandparents), skipped-generation and single-parent households. A plan is only
 * ages, genders, relations and who is away; `households.ts` turns plans into persons.
 */
import type { Gender } from '../core/entities/person.entity.js';
import type { Rng } from './prng.js';
import type { HouseholdKind, Relation } from './world-types.js';

export interface PlannedMember {
  gender: Gender;
  age: number;
  relation: Relation;
  /** Carries the household's surname (born into the head's line) rather than marrying in. */
  inherits: boolean;
  spouse: number | null; // index in the plan
  away: boolean;
  leftBehindChild: boolean;
  leftBehindElderly: boolean;
  leftBehindWoman: boolean;
  /** Index (in the plan) of the grandparent guarding a left-behind child. */
  guardian: number | null;
}

/** Share of households by composition; sizes average ≈3.1 persons (documented in docs/demo-data.md). */
export const HOUSEHOLD_KINDS: readonly HouseholdKind[] = [
  'SINGLE_ELDERLY', 'SINGLE_ADULT', 'ELDERLY_COUPLE', 'COUPLE', 'NUCLEAR', 'THREE_GENERATION', 'SKIPPED_GENERATION', 'SINGLE_PARENT',
];
export const HOUSEHOLD_KIND_WEIGHTS: readonly number[] = [9, 6, 16, 10, 29, 22, 3, 5];

function member(gender: Gender, age: number, relation: Relation, inherits: boolean): PlannedMember {
  return {
    gender, age: Math.max(0, Math.min(99, Math.floor(age))), relation, inherits, spouse: null, away: false,
    leftBehindChild: false, leftBehindElderly: false, leftBehindWoman: false, guardian: null,
  };
}

function marry(plan: PlannedMember[], a: number, b: number): void {
  plan[a]!.spouse = b;
  plan[b]!.spouse = a;
}

/** Children's ages for a mother of `motherAge`: first birth at 21–32, then 1–6 years apart. */
function childAges(rng: Rng, motherAge: number, maxAge: number): number[] {
  const count = rng.weighted([1, 2, 3], [35, 50, 15]);
  let age = motherAge - rng.int(21, 32);
  if (age < 0) age = rng.int(0, Math.max(0, motherAge - 20));
  const ages: number[] = [];
  for (let i = 0; i < count && age >= 0; i++) {
    if (age <= maxAge) ages.push(age);
    age -= rng.int(1, 6);
  }
  if (ages.length === 0) ages.push(rng.int(0, Math.min(maxAge, Math.max(0, motherAge - 20))));
  return ages;
}

function elderlyAlone(rng: Rng): PlannedMember[] {
  const head = member(rng.chance(0.6) ? 'FEMALE' : 'MALE', rng.triangular(65, 76, 99), 'HEAD', true);
  head.leftBehindElderly = rng.chance(0.45);
  return [head];
}

function adultAlone(rng: Rng): PlannedMember[] {
  const head = member(rng.chance(0.65) ? 'MALE' : 'FEMALE', rng.triangular(22, 40, 64), 'HEAD', true);
  head.away = rng.chance(0.4);
  return [head];
}

function elderlyCouple(rng: Rng): PlannedMember[] {
  const husbandAge = rng.triangular(60, 70, 93);
  const plan = [member('MALE', husbandAge, 'HEAD', true), member('FEMALE', Math.max(58, husbandAge - rng.int(0, 5)), 'SPOUSE', false)];
  marry(plan, 0, 1);
  if (rng.chance(0.45)) for (const m of plan) m.leftBehindElderly = true;
  return plan;
}

function couple(rng: Rng): PlannedMember[] {
  const young = rng.chance(0.3);
  const husbandAge = young ? rng.int(22, 35) : rng.int(45, 64);
  const plan = [member('MALE', husbandAge, 'HEAD', true), member('FEMALE', Math.max(20, husbandAge - rng.int(0, 4)), 'SPOUSE', false)];
  marry(plan, 0, 1);
  if (young && rng.chance(0.4)) plan[0]!.away = plan[1]!.away = true;
  else if (!young && rng.chance(0.25)) {
    plan[0]!.away = true;
    plan[1]!.leftBehindWoman = true;
  }
  return plan;
}

function nuclear(rng: Rng): PlannedMember[] {
  const husbandAge = rng.triangular(26, 38, 55);
  const wifeAge = Math.max(20, husbandAge - rng.int(0, 4));
  const plan = [member('MALE', husbandAge, 'HEAD', true), member('FEMALE', wifeAge, 'SPOUSE', false)];
  marry(plan, 0, 1);
  for (const age of childAges(rng, wifeAge, 24)) {
    const child = member(rng.chance(0.52) ? 'MALE' : 'FEMALE', age, 'CHILD', true);
    child.away = age >= 18 && rng.chance(0.4);
    plan.push(child);
  }
  if (rng.chance(0.35)) {
    plan[0]!.away = true;
    plan[1]!.leftBehindWoman = true;
  }
  return plan;
}

/** Grandparents of a middle generation: both (65%), grandmother only (25%), grandfather only. */
function grandparents(rng: Rng, grandfatherAge: number): { gf: boolean; gm: boolean; gfAge: number; gmAge: number } {
  const which = rng.weighted(['BOTH', 'GM', 'GF'], [65, 25, 10]);
  return { gf: which !== 'GM', gm: which !== 'GF', gfAge: grandfatherAge, gmAge: grandfatherAge - rng.int(0, 5) };
}

function threeGeneration(rng: Rng): PlannedMember[] {
  const husbandAge = rng.triangular(25, 35, 50);
  const wifeAge = Math.max(20, husbandAge - rng.int(0, 4));
  const gp = grandparents(rng, Math.min(98, husbandAge + rng.int(22, 32)));
  // 户主 is usually the grandfather while he is still active, else the middle-generation husband.
  const elderHead = gp.gf && gp.gfAge < 72;
  const plan: PlannedMember[] = [];
  const gfIndex = gp.gf ? plan.push(member('MALE', gp.gfAge, elderHead ? 'HEAD' : 'PARENT', true)) - 1 : -1;
  const gmIndex = gp.gm ? plan.push(member('FEMALE', gp.gmAge, elderHead ? 'SPOUSE' : 'PARENT', !gp.gf && elderHead)) - 1 : -1;
  if (gfIndex >= 0 && gmIndex >= 0) marry(plan, gfIndex, gmIndex);
  const h = plan.push(member('MALE', husbandAge, elderHead ? 'CHILD' : 'HEAD', true)) - 1;
  const w = plan.push(member('FEMALE', wifeAge, elderHead ? 'CHILD_IN_LAW' : 'SPOUSE', false)) - 1;
  marry(plan, h, w);
  const kids: number[] = [];
  for (const age of childAges(rng, wifeAge, 22)) {
    kids.push(plan.push(member(rng.chance(0.52) ? 'MALE' : 'FEMALE', age, elderHead ? 'GRANDCHILD' : 'CHILD', true)) - 1);
  }
  const hasYoungKids = kids.some((k) => plan[k]!.age < 16);
  const pattern = hasYoungKids ? rng.weighted(['BOTH', 'FATHER', 'NONE'], [45, 25, 30]) : rng.chance(0.3) ? 'FATHER' : 'NONE';
  if (pattern === 'BOTH') {
    plan[h]!.away = plan[w]!.away = true;
    const guardian = gmIndex >= 0 && plan[gmIndex]!.age < 85 ? gmIndex : gfIndex >= 0 ? gfIndex : gmIndex;
    for (const k of kids) {
      if (plan[k]!.age < 18) {
        plan[k]!.leftBehindChild = true;
        plan[k]!.guardian = guardian;
      }
    }
    for (const g of [gfIndex, gmIndex]) if (g >= 0 && plan[g]!.age >= 60) plan[g]!.leftBehindElderly = true;
  } else if (pattern === 'FATHER') {
    plan[h]!.away = true;
    plan[w]!.leftBehindWoman = true;
  }
  return plan;
}

function skippedGeneration(rng: Rng): PlannedMember[] {
  const gp = grandparents(rng, rng.triangular(55, 66, 84));
  const plan: PlannedMember[] = [];
  const gfIndex = gp.gf ? plan.push(member('MALE', gp.gfAge, 'HEAD', true)) - 1 : -1;
  const gmIndex = gp.gm ? plan.push(member('FEMALE', gp.gmAge, gp.gf ? 'SPOUSE' : 'HEAD', !gp.gf)) - 1 : -1;
  if (gfIndex >= 0 && gmIndex >= 0) marry(plan, gfIndex, gmIndex);
  const guardian = gmIndex >= 0 ? gmIndex : gfIndex;
  for (let i = rng.int(1, 2); i > 0; i--) {
    const child = member(rng.chance(0.52) ? 'MALE' : 'FEMALE', rng.int(1, 15), 'GRANDCHILD', true);
    child.leftBehindChild = true;
    child.guardian = guardian;
    plan.push(child);
  }
  for (const g of [gfIndex, gmIndex]) if (g >= 0 && plan[g]!.age >= 60) plan[g]!.leftBehindElderly = true;
  return plan;
}

function singleParent(rng: Rng): PlannedMember[] {
  const parentAge = rng.int(28, 55);
  const plan = [member(rng.chance(0.6) ? 'FEMALE' : 'MALE', parentAge, 'HEAD', true)];
  for (let i = rng.int(1, 2); i > 0; i--) {
    plan.push(member(rng.chance(0.52) ? 'MALE' : 'FEMALE', rng.int(0, Math.min(22, parentAge - 20)), 'CHILD', true));
  }
  return plan;
}

const PLANNERS: Record<HouseholdKind, (rng: Rng) => PlannedMember[]> = {
  SINGLE_ELDERLY: elderlyAlone,
  SINGLE_ADULT: adultAlone,
  ELDERLY_COUPLE: elderlyCouple,
  COUPLE: couple,
  NUCLEAR: nuclear,
  THREE_GENERATION: threeGeneration,
  SKIPPED_GENERATION: skippedGeneration,
  SINGLE_PARENT: singleParent,
};

/** Plans one household of the given kind. The head is always present (exactly one HEAD). */
export function planHousehold(rng: Rng, kind: HouseholdKind): PlannedMember[] {
  return PLANNERS[kind](rng);
}
