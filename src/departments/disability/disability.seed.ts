/**
 * disability rows: second-generation certificates, rehabilitation services (all five statuses),
 * the two subsidies — with deliberate gaps so "eligible but not enrolled" cases exist — and aid grants.
 */
import type { DepartmentSeed } from '../../contract/department-module.js';
import { addYears, ageAt, dayOf, formatDay, nextMonthStart, REFERENCE_DAY } from '../../seed/dates.js';
import type { Rng } from '../../seed/prng.js';
import { defineTable, fen, money, RECORD_COLUMNS, sourceRecordId, sourceUpdatedAt } from '../../seed/table-spec.js';
import type { PersonModel, World } from '../../seed/world-types.js';

export const DISABILITY_RATES = {
  /** Certified persons with at least one rehabilitation service. */
  REHAB: 0.75,
  /** Eligible persons actually receiving each subsidy (the rest are the eligible-not-enrolled cases). */
  LIVING_SUBSIDY_TAKE_UP: 0.88,
  NURSING_SUBSIDY_TAKE_UP: 0.88,
  /** Certified persons with an aid grant in the last three years. */
  AID_GRANT: 0.25,
} as const;

const REHAB_SERVICES: Record<number, string[]> = {
  1: ['视力康复训练', '助视器适配'],
  2: ['助听器适配', '听觉言语康复训练'],
  3: ['言语康复训练'],
  4: ['肢体康复训练', '辅助器具适配', '假肢矫形器装配'],
  5: ['智力康复训练', '孤独症儿童康复训练'],
  6: ['精神康复服务', '精神障碍社区康复'],
  7: ['综合康复训练', '辅助器具适配'],
};
const REHAB_STATUSES = ['REFERRAL', 'ASSESSMENT', 'APPLICATION', 'IN_SERVICE', 'SETTLED'] as const;

const dead = (p: PersonModel, onDay: number) => p.deathDay !== null && p.deathDay <= onDay;

function* rehab(world: World, rng: Rng) {
  let id = 0;
  const county = world.places.countyName;
  for (const p of world.persons) {
    if (!p.disability || !rng.chance(DISABILITY_RATES.REHAB)) continue;
    const township = world.households[p.household]!.village.township.name;
    const providers = [`${county}残疾人康复中心`, `${county}人民医院康复医学科`, `${county}中医院`, `${township}卫生院`];
    for (let n = rng.chance(0.2) ? 2 : 1; n > 0; n--) {
      const referred = rng.int(Math.max(p.disability.issuedDay, REFERENCE_DAY - 365 * 3), REFERENCE_DAY - 7);
      if (dead(p, referred)) continue;
      const status = rng.weighted(REHAB_STATUSES, [10, 10, 10, 30, 40]);
      const started = status === 'IN_SERVICE' || status === 'SETTLED';
      const start = started ? Math.min(REFERENCE_DAY - 2, referred + rng.int(7, 60)) : null;
      const end = status === 'SETTLED' ? Math.min(REFERENCE_DAY - 1, start! + rng.int(14, 180)) : null;
      const service = rng.pick(REHAB_SERVICES[p.disability.category]!);
      const cost = started ? money(fen(service.includes('假肢') ? rng.int(5_000, 30_000) : rng.int(300, 12_000))) : null;
      id++;
      yield [id, p.index + 1, sourceRecordId('DP-RHB', id), sourceUpdatedAt(rng, end ?? start ?? referred), service, rng.pick(providers), status, formatDay(referred), start === null ? null : formatDay(start), end === null ? null : formatDay(end), cost];
    }
  }
}

function subsidyRow(rng: Rng, p: PersonModel, id: number, kind: 'LIVING' | 'NURSING', yuan: number) {
  const start = Math.min(REFERENCE_DAY - 10, Math.max(dayOf(2016, 1, 1), nextMonthStart(p.disability!.issuedDay + rng.int(30, 180))));
  if (dead(p, start)) return null;
  const status = p.deathDay !== null ? 'ENDED' : rng.chance(0.03) ? 'SUSPENDED' : 'ACTIVE';
  const end = p.deathDay !== null ? nextMonthStart(p.deathDay) : null;
  return [id, p.index + 1, sourceRecordId('DP-SUB', id), sourceUpdatedAt(rng, end ?? start), kind, money(yuan * 100), formatDay(start), end === null ? null : formatDay(end), status];
}

function* subsidies(world: World, rng: Rng) {
  let id = 0;
  // The first eligible 低保 persons with grade 1–2 are always left out, so the
  // eligible-not-enrolled warning has a case at any population size.
  let forcedGaps = 2;
  for (const p of world.persons) {
    const d = p.disability;
    if (!d) continue;
    const dibao = world.households[p.household]!.status === 'DIBAO';
    // 困难残疾人生活补贴: disabled persons in 低保 households.
    if (dibao && rng.chance(DISABILITY_RATES.LIVING_SUBSIDY_TAKE_UP)) {
      const row = subsidyRow(rng, p, id + 1, 'LIVING', 90);
      if (row) {
        id++;
        yield row;
      }
    }
    // 重度残疾人护理补贴: grade 1–2, whatever the income.
    if (d.grade <= 2) {
      if (dibao && p.deathDay === null && forcedGaps > 0) {
        forcedGaps--;
        continue;
      }
      if (!rng.chance(DISABILITY_RATES.NURSING_SUBSIDY_TAKE_UP)) continue;
      const row = subsidyRow(rng, p, id + 1, 'NURSING', d.grade === 1 ? 100 : 80);
      if (row) {
        id++;
        yield row;
      }
    }
  }
}

type GrantKind = 'REHAB' | 'EMPLOYMENT' | 'EDUCATION' | 'LIVING' | 'DISASTER' | 'MEDICAL' | 'HOUSING' | 'BARRIER_FREE';
const GRANT_AMOUNTS: Record<GrantKind, [number, number]> = {
  REHAB: [500, 5_000],
  EMPLOYMENT: [2_000, 10_000],
  EDUCATION: [1_000, 5_000],
  LIVING: [300, 2_000],
  DISASTER: [1_000, 5_000],
  MEDICAL: [1_000, 10_000],
  HOUSING: [5_000, 20_000],
  BARRIER_FREE: [2_000, 6_000],
};

function grantKind(rng: Rng, p: PersonModel, grantedDay: number): GrantKind {
  const age = ageAt(p.birthDay, grantedDay);
  if (p.school && rng.chance(0.6)) return 'EDUCATION';
  if ((p.disability!.category === 4 || p.disability!.category === 1) && rng.chance(0.3)) return 'BARRIER_FREE';
  if (age >= 18 && age < 60 && p.disability!.grade >= 3 && rng.chance(0.3)) return 'EMPLOYMENT';
  return rng.weighted<GrantKind>(['REHAB', 'LIVING', 'MEDICAL', 'HOUSING', 'DISASTER'], [30, 35, 25, 6, 4]);
}

function* grants(world: World, rng: Rng) {
  let id = 0;
  for (const p of world.persons) {
    if (!p.disability || !rng.chance(DISABILITY_RATES.AID_GRANT)) continue;
    for (let n = rng.chance(0.3) ? 2 : 1; n > 0; n--) {
      const granted = rng.int(Math.max(p.disability.issuedDay, REFERENCE_DAY - 365 * 3), REFERENCE_DAY - 1);
      if (dead(p, granted)) continue;
      const kind = grantKind(rng, p, granted);
      const [lo, hi] = GRANT_AMOUNTS[kind];
      id++;
      yield [id, p.index + 1, sourceRecordId('DP-AID', id), sourceUpdatedAt(rng, granted), kind, money(fen(rng.int(lo / 100, hi / 100) * 100)), formatDay(granted)];
    }
  }
}

/** The four disability tables, in load order. */
export const disabilitySeed: DepartmentSeed = {
  tables: ['disability.certificate', 'disability.rehab_service', 'disability.subsidy', 'disability.aid_grant'],
  build: (world) => [
    defineTable(world, 'disability.certificate', [...RECORD_COLUMNS, 'certificate_number', 'category', 'grade', 'issued_date', 'valid_until'], function* (rng) {
      let id = 0;
      for (const p of world.persons) {
        const d = p.disability;
        if (!d) continue;
        id++;
        // Certificates of minors are valid 5 years, adults' 10 years (some have lapsed unrenewed).
        const validYears = ageAt(p.birthDay, d.issuedDay) < 16 ? 5 : 10;
        yield [id, p.index + 1, sourceRecordId('DP-CRT', id), sourceUpdatedAt(rng, d.issuedDay), `${p.idNumber}${d.category}${d.grade}`, d.category, d.grade, formatDay(d.issuedDay), formatDay(addYears(d.issuedDay, validYears))];
      }
    }),
    defineTable(world, 'disability.rehab_service', [...RECORD_COLUMNS, 'service_type', 'provider', 'status', 'referred_date', 'start_date', 'end_date', 'cost'], (rng) => rehab(world, rng)),
    defineTable(world, 'disability.subsidy', [...RECORD_COLUMNS, 'kind', 'monthly_amount', 'start_date', 'end_date', 'status'], (rng) => subsidies(world, rng)),
    defineTable(world, 'disability.aid_grant', [...RECORD_COLUMNS, 'kind', 'amount', 'granted_date'], (rng) => grants(world, rng)),
  ],
};
