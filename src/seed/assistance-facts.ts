/**
 * Who gets which assistance (civil affairs) and each household's monitoring status. Households
 * are ranked by a vulnerability score (disability, major illness, age, missing labour, plus noise)
 * and the most vulnerable are enrolled until each programme's quota of persons is reached, so
 * rates are stable and the assisted really are the needier households.
 */
import { addYears, dayOf, nextMonthStart, REFERENCE_DAY } from './dates.js';
import { markDead } from './deaths.js';
import type { Rng } from './prng.js';
import type { HouseholdModel, PersonModel, World } from './world-types.js';

/** Share of persons with an ACTIVE enrolment (or, for TEMPORARY/REGISTERED_POOR, of households). */
export const RATES = {
  DIBAO: 0.06,
  TEKUN: 0.01,
  DIBAO_EDGE: 0.015,
  /** Persons in households that left 低保 (ENDED enrolments: history for the assistance chain). */
  DIBAO_EXITED: 0.01,
  /** Households registered as poor (建档立卡) in 2014–2019. */
  REGISTERED_POOR_HOUSEHOLDS: 0.05,
  /** Households never registered poor but monitored for falling into poverty (PREVENT_RETURN). */
  AT_RISK_HOUSEHOLDS: 0.008,
  /** Households receiving one-off temporary assistance in the last two years. */
  TEMPORARY_HOUSEHOLDS: 0.012,
  /** Deliberate anomalies, per person (each at least a minimum count, see below). */
  STILL_PAID_DECEASED: 0.0003,
  DUPLICATE_DIBAO_TEKUN: 0.0002,
} as const;

const alive = (p: PersonModel) => p.deathDay === null;

/** Score of a household whose members all died: never selected (a finite value keeps sorting sane). */
const NO_LIVING_MEMBER = -1e9;

function score(rng: Rng, world: World, h: HouseholdModel): number {
  let s = 0;
  let living = 0;
  for (const i of h.members) {
    const p = world.persons[i]!;
    if (!alive(p)) continue;
    living++;
    if (p.disability) s += p.disability.grade <= 2 ? 2.5 : 1;
    if (p.conditions.some((c) => c.severity === 'MAJOR' || c.severity === 'SEVERE_MENTAL')) s += 2;
    s += Math.min(1, 0.4 * p.conditions.filter((c) => c.severity === 'CHRONIC').length);
    if (p.age >= 70) s += 0.6;
    if (p.awaySince !== null) s -= 1.2;
    else if (p.labourAbility === 'FULL') s -= 0.8;
  }
  if (living === 0) return NO_LIVING_MEMBER;
  const kindBonus = { SINGLE_PARENT: 1.5, SINGLE_ELDERLY: 1, SKIPPED_GENERATION: 1.2 } as Record<string, number>;
  return s + (kindBonus[h.kind] ?? 0) + rng.next() * 3;
}

function livingCount(world: World, h: HouseholdModel): number {
  return h.members.filter((i) => alive(world.persons[i]!)).length;
}

/** Takes households from `ranked` (best first) until their living members reach `quota`. */
function takeByPersons(world: World, ranked: HouseholdModel[], quota: number, taken: Set<number>): HouseholdModel[] {
  const out: HouseholdModel[] = [];
  let persons = 0;
  for (const h of ranked) {
    if (persons >= quota) break;
    if (taken.has(h.index) || h.score === NO_LIVING_MEMBER) continue;
    out.push(h);
    taken.add(h.index);
    persons += livingCount(world, h);
  }
  return out;
}

/** 特困 basic living (≈1.3× the 低保 standard) plus a care allowance by self-care ability, in fen. */
function tekunMonthlyFen(p: PersonModel): number {
  const care = p.selfCareAbility === 'NONE' ? 700 : p.selfCareAbility === 'PARTIAL' ? 350 : 100;
  return (650 + care) * 100;
}

function enrolHousehold(world: World, h: HouseholdModel, program: 'DIBAO' | 'DIBAO_EDGE', monthlyFen: number, rng: Rng): void {
  for (const i of h.members) {
    const p = world.persons[i]!;
    const start = Math.min(REFERENCE_DAY - 1, Math.max(h.statusSince!, p.birthDay + rng.int(30, 200)));
    if (p.deathDay !== null && p.deathDay <= start) continue;
    const dead = p.deathDay !== null;
    world.enrolments.push({
      person: i,
      program,
      supportMode: null,
      // Members working away lose eligibility while away (residence rule): suspended, not ended.
      status: dead ? 'ENDED' : p.awaySince !== null ? 'SUSPENDED' : 'ACTIVE',
      startDay: start,
      endDay: dead ? nextMonthStart(p.deathDay!) : null,
      monthlyFen,
    });
  }
}

function selectTekun(rng: Rng, world: World, ranked: HouseholdModel[], taken: Set<number>): void {
  const quota = Math.round(RATES.TEKUN * world.persons.length);
  let count = 0;
  for (const h of ranked) {
    if (h.members.length !== 1 || taken.has(h.index)) continue;
    const p = world.persons[h.head]!;
    const eligible = (p.age >= 60 && p.labourAbility !== 'FULL') || (p.disability !== null && p.disability.grade <= 2);
    if (!eligible) continue;
    // Some 特困 persons died in the last two years: their enrolment ended, the household is NONE.
    if (!alive(p)) {
      if (rng.chance(0.3)) {
        const start = Math.max(addYears(p.birthDay, 60), REFERENCE_DAY - rng.int(400, 365 * 10));
        if (start < p.deathDay!) world.enrolments.push({ person: p.index, program: 'TEKUN', supportMode: 'DISPERSED', status: 'ENDED', startDay: start, endDay: nextMonthStart(p.deathDay!), monthlyFen: tekunMonthlyFen(p) });
      }
      continue;
    }
    if (count >= quota) continue;
    count++;
    taken.add(h.index);
    const centralisedShare = p.selfCareAbility === 'NONE' ? 0.6 : 0.22;
    const start = Math.min(REFERENCE_DAY - 30, Math.max(addYears(p.birthDay, p.age >= 60 ? 60 : 18), REFERENCE_DAY - rng.int(60, 365 * 12)));
    h.status = 'TEKUN';
    h.statusSince = start;
    world.enrolments.push({ person: p.index, program: 'TEKUN', supportMode: rng.chance(centralisedShare) ? 'CENTRALISED' : 'DISPERSED', status: 'ACTIVE', startDay: start, endDay: null, monthlyFen: tekunMonthlyFen(p) });
  }
}

function selectDibao(rng: Rng, world: World, ranked: HouseholdModel[], taken: Set<number>): void {
  const chosen = takeByPersons(world, ranked, Math.round(RATES.DIBAO * world.persons.length), taken);
  chosen.forEach((h, rank) => {
    h.status = 'DIBAO';
    h.statusSince = REFERENCE_DAY - rng.int(60, 365 * 9);
    // 分类施保: the neediest third gets class A, then B, then C (yuan per person per month).
    const classYuan = rank < chosen.length / 3 ? 430 : rank < (2 * chosen.length) / 3 ? 360 : 280;
    enrolHousehold(world, h, 'DIBAO', classYuan * 100, rng);
  });
  for (const h of takeByPersons(world, ranked, Math.round(RATES.DIBAO_EDGE * world.persons.length), taken)) {
    h.status = 'DIBAO_EDGE';
    h.statusSince = REFERENCE_DAY - rng.int(60, 365 * 4);
    // 低保边缘 brings medical/education assistance, not a monthly cash payment.
    enrolHousehold(world, h, 'DIBAO_EDGE', 0, rng);
  }
  for (const h of takeByPersons(world, ranked, Math.round(RATES.DIBAO_EXITED * world.persons.length), taken)) {
    const start = REFERENCE_DAY - rng.int(365 * 3, 365 * 9);
    const end = nextMonthStart(REFERENCE_DAY - rng.int(180, 365 * 3));
    for (const i of h.members) {
      const p = world.persons[i]!;
      if (p.birthDay >= start || (p.deathDay !== null && p.deathDay <= start)) continue;
      world.enrolments.push({ person: i, program: 'DIBAO', supportMode: null, status: 'ENDED', startDay: start, endDay: end, monthlyFen: 280 * 100 });
    }
  }
}

function selectRegisteredPoor(rng: Rng, world: World, taken: Set<number>): void {
  // Re-ranked with heavy fresh noise: who was poor in 2014–2019 overlaps with today's need but
  // many registered households have since left poverty (脱贫户) and are only monitored now.
  const key = world.households.map((h) => h.score + rng.next() * 8);
  const ranked = [...world.households].sort((a, b) => key[b.index]! - key[a.index]! || a.index - b.index);
  const quota = Math.round(RATES.REGISTERED_POOR_HOUSEHOLDS * world.households.length);
  for (const h of ranked.slice(0, quota)) {
    h.registeredPoorYear = rng.weighted([2014, 2015, 2016, 2017, 2018, 2019], [50, 15, 15, 10, 6, 4]);
    if (h.status !== 'NONE' || taken.has(h.index) || h.score === NO_LIVING_MEMBER) continue;
    // Registered-poor households out of poverty stay under 防返贫 monitoring; those without
    // labour are covered by the 兜底 safety net.
    const hasLabour = h.members.some((i) => alive(world.persons[i]!) && world.persons[i]!.labourAbility === 'FULL');
    if (!hasLabour && rng.chance(0.7)) h.status = 'SAFETY_NET';
    else if (rng.chance(0.6)) h.status = 'PREVENT_RETURN';
    if (h.status !== 'NONE') h.statusSince = rng.int(dayOf(2021, 1, 1), REFERENCE_DAY - 30);
  }
}

/** Households never registered as poor but at risk (边缘易致贫户) are monitored too. */
function selectAtRisk(rng: Rng, world: World, ranked: HouseholdModel[], taken: Set<number>): void {
  const quota = Math.round(RATES.AT_RISK_HOUSEHOLDS * world.households.length);
  let count = 0;
  for (const h of ranked) {
    if (count >= quota) break;
    if (h.status !== 'NONE' || taken.has(h.index) || h.score === NO_LIVING_MEMBER) continue;
    count++;
    h.status = 'PREVENT_RETURN';
    h.statusSince = rng.int(dayOf(2021, 1, 1), REFERENCE_DAY - 30);
  }
}

function assignConsent(rng: Rng, world: World): void {
  for (const h of world.households) {
    if (h.status !== 'NONE' && rng.chance(0.88)) {
      h.consentDay = Math.min(REFERENCE_DAY - 1, Math.max(dayOf(2016, 1, 1), h.statusSince! + rng.int(-60, 30)));
    } else if (h.status === 'NONE' && h.registeredPoorYear !== null && rng.chance(0.3)) {
      h.consentDay = rng.int(dayOf(2021, 1, 1), REFERENCE_DAY - 1);
    }
  }
}

function assignTemporary(rng: Rng, world: World, ranked: HouseholdModel[]): void {
  const quota = Math.round(RATES.TEMPORARY_HOUSEHOLDS * world.households.length);
  const pool = ranked.filter((h) => h.score !== NO_LIVING_MEMBER).slice(0, quota * 4);
  for (let n = 0; n < quota && pool.length > 0; n++) {
    const h = pool.splice(rng.int(0, pool.length - 1), 1)[0]!;
    const living = h.members.map((i) => world.persons[i]!).filter(alive);
    // The applicant is the sick member when there is one (因病 temporary assistance), else the head.
    const sick = living.find((p) => p.conditions.some((c) => c.severity === 'MAJOR'));
    const p = sick ?? living.find((q) => q.index === h.head) ?? living[0]!;
    const active = rng.chance(0.15);
    const start = active ? REFERENCE_DAY - rng.int(5, 60) : REFERENCE_DAY - rng.int(60, 700);
    const yuan = sick ? rng.int(20, 100) * 100 : rng.int(5, 40) * 100;
    // Paid as a lump sum: the row spans one month and monthly_amount holds that payment.
    world.enrolments.push({ person: p.index, program: 'TEMPORARY', supportMode: null, status: active ? 'ACTIVE' : 'ENDED', startDay: start, endDay: active ? null : nextMonthStart(start) - 1, monthlyFen: yuan * 100 });
  }
}

/** The "dead person still paid" and "低保 and 特困 at once" cases the early warnings must find. */
function plantAnomalies(rng: Rng, world: World): void {
  const dibao = world.enrolments.filter((e) => e.program === 'DIBAO' && world.households[world.persons[e.person]!.household]!.status === 'DIBAO');
  const stillPaid = Math.max(3, Math.round(RATES.STILL_PAID_DECEASED * world.persons.length));
  const deadOnes = dibao.filter((e) => e.status === 'ENDED');
  const elders = dibao.filter((e) => e.status === 'ACTIVE' && world.persons[e.person]!.age >= 70 && livingCount(world, world.households[world.persons[e.person]!.household]!) >= 2);
  for (let n = 0; n < stillPaid; n++) {
    // Half are real deaths the ledger missed, half are elders whose death we add now.
    const e = n % 2 === 0 ? (deadOnes.shift() ?? elders.shift()) : (elders.shift() ?? deadOnes.shift());
    if (!e) break;
    const p = world.persons[e.person]!;
    if (p.deathDay === null) markDead(rng, p, Math.max(e.startDay + 1, REFERENCE_DAY - rng.int(60, 300)));
    e.status = 'ACTIVE';
    e.endDay = null;
  }
  const duplicates = Math.max(2, Math.round(RATES.DUPLICATE_DIBAO_TEKUN * world.persons.length));
  const candidates = dibao.filter((e) => e.status === 'ACTIVE' && world.persons[e.person]!.deathDay === null && world.persons[e.person]!.age >= 60);
  for (let n = 0; n < duplicates && candidates.length > 0; n++) {
    const e = candidates.splice(rng.int(0, candidates.length - 1), 1)[0]!;
    const p = world.persons[e.person]!;
    world.enrolments.push({ person: p.index, program: 'TEKUN', supportMode: 'DISPERSED', status: 'ACTIVE', startDay: REFERENCE_DAY - rng.int(30, 400), endDay: null, monthlyFen: tekunMonthlyFen(p) });
  }
}

/**
 * Enrols households and persons in assistance programmes and sets monitoring status, registered-
 * poor year and consent date.
 * @param rng the assistance stream
 */
export function assignAssistance(rng: Rng, world: World): void {
  for (const h of world.households) h.score = score(rng, world, h);
  const ranked = [...world.households].sort((a, b) => b.score - a.score || a.index - b.index);
  const taken = new Set<number>();
  selectTekun(rng, world, ranked, taken);
  selectDibao(rng, world, ranked, taken);
  selectRegisteredPoor(rng, world, taken);
  selectAtRisk(rng, world, ranked, taken);
  assignConsent(rng, world);
  assignTemporary(rng, world, ranked);
  plantAnomalies(rng, world);
}
