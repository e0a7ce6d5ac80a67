/**
 * health rows: family-doctor contracts, health checks (with the self-care assessment for the
 * elderly), ICD-10 conditions, yearly medical spending and deaths.
 */
import type { DepartmentSeed } from '../../contract/department-module.js';
import { addYears, dayOf, formatDay, REFERENCE_DAY } from '../../seed/dates.js';
import type { Rng } from '../../seed/prng.js';
import { defineTable, money, RECORD_COLUMNS, sourceRecordId, sourceUpdatedAt, tableRng } from '../../seed/table-spec.js';
import type { PersonModel, World } from '../../seed/world-types.js';

/** Family-doctor signing rates by group; a person takes the highest that applies. */
export const CONTRACT_RATES = { ELDERLY_65: 0.85, DISABLED: 0.8, CHRONIC: 0.7, ASSISTED: 0.75, CHILD_0_6: 0.4, OTHERS: 0.25, NOT_RENEWED: 0.1 } as const;
/** Yearly health-check rates (国家基本公共卫生服务 elderly health management). */
export const CHECK_RATES = { ELDERLY_65: 0.72, CONTRACTED_OTHERS: 0.3 } as const;

function contractRate(world: World, p: PersonModel): number {
  let r: number = CONTRACT_RATES.OTHERS;
  if (p.age >= 65) r = Math.max(r, CONTRACT_RATES.ELDERLY_65);
  if (p.disability) r = Math.max(r, CONTRACT_RATES.DISABLED);
  if (p.conditions.length > 0) r = Math.max(r, CONTRACT_RATES.CHRONIC);
  if (world.households[p.household]!.status !== 'NONE') r = Math.max(r, CONTRACT_RATES.ASSISTED);
  if (p.age <= 6) r = Math.max(r, CONTRACT_RATES.CHILD_0_6);
  return r;
}

/** Contracts run one year and are signed in the first months; some were not renewed for 2026. */
function* contracts(world: World, rng: Rng, contracted: Set<number>) {
  let id = 0;
  for (const p of world.persons) {
    if (!rng.chance(contractRate(world, p))) continue;
    const year = rng.chance(CONTRACT_RATES.NOT_RENEWED) ? 2025 : 2026;
    let signed = rng.int(dayOf(year, 1, 5), dayOf(year, 4, 30));
    if (p.deathDay !== null && p.deathDay <= signed) signed = rng.int(dayOf(2025, 1, 5), dayOf(2025, 4, 30));
    if ((p.deathDay !== null && p.deathDay <= signed) || signed <= p.birthDay) continue;
    contracted.add(p.index);
    const township = world.households[p.household]!.village;
    const team = rng.chance(0.7) ? `${township.township.name}卫生院家庭医生第${rng.int(1, 4)}团队` : `${township.name}卫生室签约团队`;
    id++;
    yield [id, p.index + 1, sourceRecordId('HL-FDC', id), sourceUpdatedAt(rng, signed), team, formatDay(signed), formatDay(addYears(signed, 1) - 1)];
  }
}

const FINDINGS: Record<string, string> = {
  I10: '血压偏高，建议低盐饮食、规律服药',
  E11: '空腹血糖偏高，建议复查糖化血红蛋白',
  I25: '心电图示ST段改变，建议心内科随诊',
  I63: '脑梗死后遗症，肢体活动受限，建议康复训练',
  J44: '肺功能下降，建议戒烟、规律吸入治疗',
  M17: '双膝关节疼痛，活动受限',
  N18: '肾功能不全，规律透析中',
};

function summary(rng: Rng, p: PersonModel): string {
  const notes = p.conditions.map((c) => FINDINGS[c.icd10]).filter((n): n is string => n !== undefined);
  if (notes.length === 0) return rng.pick(['未见明显异常', '未见明显异常，建议适量运动', '血脂偏高，建议清淡饮食', '体重指数偏高，建议控制体重']);
  return notes.slice(0, 2).join('；');
}

function* checks(world: World, rng: Rng, contracted: Set<number>) {
  let id = 0;
  for (const p of world.persons) {
    const elderly = p.age >= 65;
    const rate = elderly ? CHECK_RATES.ELDERLY_65 : contracted.has(p.index) && p.age >= 18 ? CHECK_RATES.CONTRACTED_OTHERS : 0;
    if (rate === 0) continue;
    for (const year of [2025, 2026]) {
      const checkDay = rng.int(dayOf(year, 3, 1), Math.min(dayOf(year, 11, 20), REFERENCE_DAY - 7));
      if (!rng.chance(rate) || (p.deathDay !== null && p.deathDay <= checkDay)) continue;
      // The elderly self-care assessment (老年人生活自理能力评估) is the source of person.self_care_ability.
      const assessment = elderly ? p.selfCareAbility : null;
      id++;
      yield [id, p.index + 1, sourceRecordId('HL-CHK', id), sourceUpdatedAt(rng, checkDay), formatDay(checkDay), assessment, summary(rng, p)];
    }
  }
}

const CONTRACT_TABLE = 'health.family_doctor_contract';

/** Who holds a contract: replays the contract table's own stream, so checks never depend on load order. */
function contractedPersons(world: World): Set<number> {
  const contracted = new Set<number>();
  for (const _row of contracts(world, tableRng(world, CONTRACT_TABLE), contracted)) void _row;
  return contracted;
}

/** The five health tables, in load order. */
export const healthSeed: DepartmentSeed = {
  tables: [CONTRACT_TABLE, 'health.health_check', 'health.condition', 'health.medical_expense', 'health.death'],
  build: (world) => [
    defineTable(world, CONTRACT_TABLE, [...RECORD_COLUMNS, 'team', 'signed_date', 'valid_until'], (rng) => contracts(world, rng, new Set())),
    defineTable(world, 'health.health_check', [...RECORD_COLUMNS, 'check_date', 'self_care_assessment', 'summary'], (rng) => checks(world, rng, contractedPersons(world))),
    defineTable(world, 'health.condition', [...RECORD_COLUMNS, 'icd10_code', 'name', 'severity', 'diagnosed_date'], function* (rng) {
      let id = 0;
      for (const p of world.persons) {
        for (const c of p.conditions) {
          id++;
          yield [id, p.index + 1, sourceRecordId('HL-CON', id), sourceUpdatedAt(rng, c.diagnosedDay), c.icd10, c.name, c.severity, formatDay(c.diagnosedDay)];
        }
      }
    }),
    defineTable(world, 'health.medical_expense', [...RECORD_COLUMNS, 'year', 'total', 'reimbursed', 'out_of_pocket'], function* (rng) {
      let id = 0;
      for (const p of world.persons) {
        for (const m of p.medical) {
          id++;
          // Settlement data for a year is final by the following spring.
          yield [id, p.index + 1, sourceRecordId('HL-EXP', id), sourceUpdatedAt(rng, dayOf(m.year + 1, 3, 1)), m.year, money(m.totalFen), money(m.reimbursedFen), money(m.totalFen - m.reimbursedFen)];
        }
      }
    }),
    defineTable(world, 'health.death', [...RECORD_COLUMNS, 'death_date', 'cause'], function* (rng) {
      let id = 0;
      for (const p of world.persons) {
        if (p.deathDay === null) continue;
        id++;
        yield [id, p.index + 1, sourceRecordId('HL-DTH', id), sourceUpdatedAt(rng, p.deathDay), formatDay(p.deathDay), p.deathCause];
      }
    }),
  ],
};
