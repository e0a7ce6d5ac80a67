/**
 * education rows: the current term's enrolments, teacher pairings of left-behind pupils,
 * education aid for pupils of assisted households, and dropout (控辍保学) cases.
 */
import type { DepartmentSeed } from '../../contract/department-module.js';
import type { TableSpec } from '../../contract/seed-table.js';
import { dayOf, formatDay } from '../../seed/dates.js';
import { CURRENT_TERM } from '../../seed/education-facts.js';
import type { Rng } from '../../seed/prng.js';
import { defineTable, fen, money, RECORD_COLUMNS, sourceRecordId, sourceUpdatedAt } from '../../seed/table-spec.js';
import type { PersonModel, SchoolFact, World } from '../../seed/world-types.js';

/** Pupils of assisted households receiving aid in a school year. */
export const EDUCATION_AID_RATE = 0.9;

type AidKind = 'TUITION_WAIVER' | 'LIVING_ALLOWANCE' | 'NUTRITION' | 'SCHOLARSHIP';

/** National aid standards (yuan per year) by stage: 学前资助, 寄宿生生活补助, 营养改善计划, 国家助学金, 免学费. */
function aidFor(rng: Rng, stage: SchoolFact['stage']): [AidKind, number][] {
  switch (stage) {
    case 'PRESCHOOL':
      return [['LIVING_ALLOWANCE', 1_000]];
    case 'PRIMARY':
    case 'JUNIOR': {
      const aid: [AidKind, number][] = [['NUTRITION', 800]];
      if (rng.chance(0.5)) aid.push(['LIVING_ALLOWANCE', stage === 'PRIMARY' ? 1_000 : 1_250]);
      return aid;
    }
    case 'SENIOR': {
      const aid: [AidKind, number][] = [['TUITION_WAIVER', 1_500], ['LIVING_ALLOWANCE', 2_000]];
      if (rng.chance(0.05)) aid.push(['SCHOLARSHIP', rng.int(10, 30) * 100]);
      return aid;
    }
    case 'VOCATIONAL':
      return [['TUITION_WAIVER', 2_000], ['LIVING_ALLOWANCE', 2_000]];
  }
}

function assistedHousehold(world: World, p: PersonModel): boolean {
  const h = world.households[p.household]!;
  return h.status !== 'NONE' || h.registeredPoorYear !== null;
}

function* aid(world: World, rng: Rng) {
  let id = 0;
  for (const p of world.persons) {
    const s = p.school;
    if (!s || s.status === 'DROPPED_OUT' || !assistedHousehold(world, p) || !rng.chance(EDUCATION_AID_RATE)) continue;
    // Last school year too, unless the pupil only started this autumn.
    const years = s.stage === 'PRESCHOOL' && s.grade === 1 ? [2026] : [2025, 2026];
    for (const year of years) {
      for (const [kind, yuan] of aidFor(rng, s.stage)) {
        id++;
        yield [id, p.index + 1, sourceRecordId('ED-AID', id), sourceUpdatedAt(rng, dayOf(year, 10, rng.int(1, 28))), kind, money(fen(yuan)), year];
      }
    }
  }
}

function tables(world: World): TableSpec[] {
  const termStart = dayOf(2026, 9, 1);
  return [
    defineTable(world, 'education.enrolment', [...RECORD_COLUMNS, 'school', 'stage', 'grade', 'status', 'left_behind', 'term'], function* (rng) {
      let id = 0;
      for (const p of world.persons) {
        const s = p.school;
        if (!s) continue;
        id++;
        yield [id, p.index + 1, sourceRecordId('ED-ENR', id), sourceUpdatedAt(rng, s.dropout?.reportedDay ?? termStart), s.school, s.stage, s.grade, s.status, s.leftBehind, CURRENT_TERM];
      }
    }),
    defineTable(world, 'education.teacher_pairing', [...RECORD_COLUMNS, 'teacher_name', 'teacher_phone', 'since_date', 'until_date'], function* (rng) {
      let id = 0;
      for (const pair of world.pairings) {
        id++;
        const teacher = world.persons[pair.teacher]!;
        yield [id, pair.pupil + 1, sourceRecordId('ED-PAR', id), sourceUpdatedAt(rng, pair.sinceDay), teacher.name, teacher.phone, formatDay(pair.sinceDay), null];
      }
    }),
    defineTable(world, 'education.education_aid', [...RECORD_COLUMNS, 'kind', 'amount', 'year'], (rng) => aid(world, rng)),
    defineTable(world, 'education.dropout_case', [...RECORD_COLUMNS, 'reported_date', 'reason', 'status'], function* (rng) {
      let id = 0;
      for (const p of world.persons) {
        const d = p.school?.dropout;
        if (!d) continue;
        id++;
        yield [id, p.index + 1, sourceRecordId('ED-DRP', id), sourceUpdatedAt(rng, d.reportedDay), formatDay(d.reportedDay), d.reason, d.status];
      }
    }),
  ];
}

/** The four education tables, in load order. */
export const educationSeed: DepartmentSeed = {
  tables: ['education.enrolment', 'education.teacher_pairing', 'education.education_aid', 'education.dropout_case'],
  build: tables,
};
