/**
 * civil_affairs rows: assistance enrolments, care targets and their 四个一 follow-up visits,
 * custody agreements and household income/expenditure declarations.
 */
import type { DepartmentSeed } from '../../contract/department-module.js';
import type { TableSpec } from '../../contract/seed-table.js';
import { formatDay, REFERENCE_DAY, yearOf } from '../../seed/dates.js';
import { randomFullName } from '../../seed/names.js';
import type { Rng } from '../../seed/prng.js';
import { defineTable, fen, money, RECORD_COLUMNS, sourceRecordId, sourceUpdatedAt } from '../../seed/table-spec.js';
import type { CareTargetFact, HouseholdModel, World } from '../../seed/world-types.js';

const day = (d: number | null) => (d === null ? null : formatDay(d));

/** Years covered by household income/expenditure declarations. */
const FINANCE_YEARS = [2024, 2025] as const;

type VisitKind = 'PHONE_FOLLOW_UP' | 'FIELD_VISIT' | 'MICRO_WISH' | 'MATERIAL_AID';

/** 四个一: monthly phone call (weekly under key guardianship), quarterly visit and micro-wish, half-yearly aid. */
function visitPeriods(target: CareTargetFact): [VisitKind, number][] {
  return [
    ['PHONE_FOLLOW_UP', target.keyGuardianship ? 7 : 30],
    ['FIELD_VISIT', 91],
    ['MICRO_WISH', 91],
    ['MATERIAL_AID', 182],
  ];
}

const VISIT_NOTES: Record<VisitKind, string[]> = {
  PHONE_FOLLOW_UP: ['电话询问近况，身体状况良好', '电话联系监护人，了解学习生活情况', '电话回访，暂无特殊需求', '电话提醒按时服药', '电话了解就医及用药情况'],
  FIELD_VISIT: ['入户走访，查看居住环境', '入户走访，了解生活困难', '入户核查，家中安全隐患已排除', '上门探视，协助办理医保报销', '入户走访，宣传救助政策'],
  MICRO_WISH: ['认领微心愿：书包文具', '认领微心愿：冬季棉衣', '认领微心愿：电暖器', '认领微心愿：轮椅', '认领微心愿：学习台灯'],
  MATERIAL_AID: ['发放米面油', '发放慰问金500元', '发放冬季取暖物资', '送去生活用品'],
};

/** Share of scheduled follow-ups that happen; LAPSED targets get none in their last months. */
const DILIGENCE_SHARE = { DILIGENT: 0.97, SPOTTY: 0.75, LAPSED: 0.9 } as const;

/**
 * Follow-ups of one kind as a cadre makes them: each one 60–100% of the period after the one
 * before, so an unbroken chain is never late by the rule's interval (≥ the period) and the last
 * one falls within a period of the window's end. Only a skipped follow-up (or a lapse) leaves a
 * gap the FOLLOW_UP_OVERDUE warning finds: most targets are on time, as in a county that works.
 */
function* followUpDays(rng: Rng, windowStart: number, windowEnd: number, period: number, share: number, lapseDay: number) {
  for (let visitDay = windowStart + rng.int(0, period - 1); visitDay < windowEnd && visitDay < lapseDay; visitDay += rng.int(Math.ceil(period * 0.6), period)) {
    if (rng.chance(share)) yield visitDay;
  }
}

function* visits(world: World, rng: Rng) {
  let id = 0;
  for (const t of world.careTargets) {
    const helper = world.persons[t.helper]!;
    const windowStart = Math.max(t.startDay, REFERENCE_DAY - 365);
    const windowEnd = Math.min(t.endDay ?? REFERENCE_DAY, REFERENCE_DAY);
    // Lapsed follow-up stops 3–6 months before today: the overdue cases the warning must find.
    const lapseDay = t.diligence === 'LAPSED' ? REFERENCE_DAY - rng.int(95, 185) : Infinity;
    for (const [kind, period] of visitPeriods(t)) {
      for (const visitDay of followUpDays(rng, windowStart, windowEnd, period, DILIGENCE_SHARE[t.diligence], lapseDay)) {
        const visitor = rng.chance(0.75) ? helper.name : randomFullName(rng, rng.chance(0.5) ? 'MALE' : 'FEMALE', rng.int(1970, 1998));
        yield [++id, t.person + 1, sourceRecordId('CA-VIS', id), sourceUpdatedAt(rng, visitDay), kind, formatDay(visitDay), visitor, rng.pick(VISIT_NOTES[kind])];
      }
    }
  }
}

/** Declared per-capita income (yuan) by monitoring status, before earnings of members away. */
const PER_CAPITA_INCOME: Record<string, [number, number]> = {
  DIBAO: [2_500, 5_500],
  TEKUN: [3_000, 5_500],
  SAFETY_NET: [3_000, 6_000],
  DIBAO_EDGE: [5_500, 8_000],
  PREVENT_RETURN: [6_000, 11_000],
};

const SCHOOL_COST: Record<string, [number, number]> = {
  PRESCHOOL: [1_500, 3_000],
  PRIMARY: [500, 1_200],
  JUNIOR: [800, 1_500],
  SENIOR: [2_500, 4_500],
  VOCATIONAL: [1_500, 3_000],
};

function* finance(world: World, rng: Rng) {
  let id = 0;
  const monitored = world.households.filter((h) => h.status !== 'NONE');
  for (const h of monitored) {
    const range = PER_CAPITA_INCOME[h.status]!;
    const perCapita = rng.int(range[0], range[1]);
    const awayEarnings = h.members.filter((i) => world.persons[i]!.awaySince !== null).map(() => rng.int(15_000, 40_000));
    for (const year of FINANCE_YEARS) {
      const row = financeYear(world, rng, h, year, perCapita, awayEarnings);
      if (!row) continue;
      yield [++id, h.index + 1, sourceRecordId('CA-FIN', id), sourceUpdatedAt(rng, REFERENCE_DAY - rng.int(30, 200)), year, ...row];
    }
  }
}

function financeYear(world: World, rng: Rng, h: HouseholdModel, year: number, perCapita: number, awayEarnings: number[]): string[] | null {
  const members = h.members.map((i) => world.persons[i]!).filter((p) => yearOf(p.birthDay) <= year && (p.deathDay === null || yearOf(p.deathDay) >= year));
  if (members.length === 0) return null;
  const drift = 0.9 + rng.next() * 0.2;
  const income = fen((perCapita * members.length + awayEarnings.reduce((a, b) => a + b, 0)) * drift);
  let medical = 0;
  for (const p of members) for (const m of p.medical) if (m.year === year) medical += m.totalFen - m.reimbursedFen;
  let education = 0;
  for (const p of members) if (p.school) education += fen(rng.int(...(SCHOOL_COST[p.school.stage] as [number, number])));
  const housing = rng.chance(0.12) ? fen(rng.int(2_000, 30_000)) : 0;
  // A death in the year brings funeral costs.
  const funeral = members.some((p) => p.deathDay !== null && yearOf(p.deathDay) === year) ? fen(rng.int(8_000, 20_000)) : 0;
  const other = fen(rng.int(0, 1_500)) + funeral;
  return [money(income), money(medical), money(education), money(housing), money(other)];
}

/** The five civil-affairs tables. */
function civilAffairsTables(world: World): TableSpec[] {
  return [
    defineTable(world, 'civil_affairs.assistance_enrolment', [...RECORD_COLUMNS, 'program', 'support_mode', 'status', 'start_date', 'end_date', 'monthly_amount'], function* (rng) {
      let id = 0;
      for (const e of world.enrolments) {
        id++;
        yield [id, e.person + 1, sourceRecordId('CA-ENR', id), sourceUpdatedAt(rng, e.endDay ?? e.startDay), e.program, e.supportMode, e.status, formatDay(e.startDay), day(e.endDay), money(e.monthlyFen)];
      }
    }),
    defineTable(world, 'civil_affairs.care_target', [...RECORD_COLUMNS, 'category', 'key_guardianship', 'helping_unit', 'responsible_person', 'responsible_phone', 'start_date', 'end_date'], function* (rng) {
      let id = 0;
      for (const t of world.careTargets) {
        id++;
        const helper = world.persons[t.helper]!;
        yield [id, t.person + 1, sourceRecordId('CA-TGT', id), sourceUpdatedAt(rng, t.endDay ?? t.startDay), t.category, t.keyGuardianship, t.helpingUnit, helper.name, helper.phone, formatDay(t.startDay), day(t.endDay)];
      }
    }),
    defineTable(world, 'civil_affairs.care_visit', [...RECORD_COLUMNS, 'kind', 'visit_date', 'visitor', 'notes'], (rng) => visits(world, rng)),
    defineTable(world, 'civil_affairs.custody_agreement', [...RECORD_COLUMNS, 'mode', 'custodian_name', 'custodian_phone', 'signed_date', 'end_date'], function* (rng) {
      let id = 0;
      for (const c of world.custody) {
        id++;
        const custodian = world.persons[c.custodian]!;
        yield [id, c.person + 1, sourceRecordId('CA-CUS', id), sourceUpdatedAt(rng, c.signedDay), c.mode, custodian.name, custodian.phone, formatDay(c.signedDay), day(c.endDay)];
      }
    }),
    defineTable(
      world,
      'civil_affairs.household_finance',
      ['id', 'household_id', 'source_record_id', 'source_updated_at', 'year', 'income', 'medical_expenditure', 'education_expenditure', 'housing_expenditure', 'other_rigid_expenditure'],
      (rng) => finance(world, rng),
    ),
  ];
}

/**
 * civil-affairs' part of the demo county. Enrolments, care targets and custody are decided with the
 * shared world (they also set household status and person links), so only rendering lives here.
 */
export const civilAffairsSeed: DepartmentSeed = {
  tables: ['civil_affairs.assistance_enrolment', 'civil_affairs.care_target', 'civil_affairs.care_visit', 'civil_affairs.custody_agreement', 'civil_affairs.household_finance'],
  build: civilAffairsTables,
};
