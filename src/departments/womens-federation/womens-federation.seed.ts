/**
 * womens_federation rows: left-behind women's profiles, skills trainings and support cases.
 */
import type { DepartmentSeed } from '../../contract/department-module.js';
import { formatDay, REFERENCE_DAY } from '../../seed/dates.js';
import type { Rng } from '../../seed/prng.js';
import { defineTable, RECORD_COLUMNS, sourceRecordId, sourceUpdatedAt } from '../../seed/table-spec.js';
import type { PersonModel, World } from '../../seed/world-types.js';

export const WOMENS_RATES = {
  /** Left-behind women with a profile. */
  PROFILE: 0.8,
  TRAINING_LEFT_BEHIND: 0.35,
  TRAINING_OTHER_WOMEN_18_50: 0.02,
  SUPPORT_LEFT_BEHIND: 0.05,
  SUPPORT_OTHER_ADULT_WOMEN: 0.003,
} as const;

const NEEDS = ['技能培训', '就业帮扶', '子女教育', '心理疏导', '法律援助', '健康检查', '照料老人'];
const COURSES = ['家政服务培训', '手工编织培训', '电子商务培训', '母婴护理（月嫂）培训', '种植养殖技术培训', '直播带货培训', '面点制作培训', '养老护理员培训'];
const SUPPORT_KINDS = ['LEGAL_AID', 'PSYCHOLOGICAL', 'EMPLOYMENT', 'DOMESTIC_VIOLENCE_SHELTER'] as const;
const SUPPORT_STATUSES = ['OPEN', 'IN_PROGRESS', 'CLOSED'] as const;

const livingAt = (p: PersonModel, day: number) => p.deathDay === null || p.deathDay > day;

function childrenInCare(world: World, p: PersonModel): number {
  return world.households[p.household]!.members.filter((i) => {
    const c = world.persons[i]!;
    return c.age < 16 && c.deathDay === null && (c.relation === 'CHILD' || c.relation === 'GRANDCHILD');
  }).length;
}

/** One or two distinct needs, e.g. 技能培训、子女教育. */
function pickNeeds(rng: Rng): string {
  const first = rng.pick(NEEDS);
  if (!rng.chance(0.4)) return first;
  const second = rng.pick(NEEDS);
  return second === first ? first : `${first}、${second}`;
}

function* profiles(world: World, rng: Rng) {
  let id = 0;
  for (const p of world.persons) {
    if (!p.leftBehindWoman || p.deathDay !== null || !rng.chance(WOMENS_RATES.PROFILE)) continue;
    const spouse = p.spouse === null ? null : world.persons[p.spouse]!;
    id++;
    const since = spouse?.awaySince ?? null;
    yield [id, p.index + 1, sourceRecordId('WF-LBW', id), sourceUpdatedAt(rng, REFERENCE_DAY - rng.int(30, 700)), spouse?.workPlace ?? null, since === null ? null : formatDay(since), childrenInCare(world, p), pickNeeds(rng)];
  }
}

function* trainings(world: World, rng: Rng) {
  let id = 0;
  for (const p of world.persons) {
    if (p.gender !== 'FEMALE' || p.age < 18) continue;
    const rate = p.leftBehindWoman ? WOMENS_RATES.TRAINING_LEFT_BEHIND : p.age <= 50 ? WOMENS_RATES.TRAINING_OTHER_WOMEN_18_50 : 0;
    if (!rng.chance(rate)) continue;
    for (let n = rng.chance(0.15) ? 2 : 1; n > 0; n--) {
      const start = rng.int(REFERENCE_DAY - 365 * 3, REFERENCE_DAY - 14);
      if (!livingAt(p, start)) continue;
      const completed = rng.chance(0.85);
      id++;
      yield [id, p.index + 1, sourceRecordId('WF-TRN', id), sourceUpdatedAt(rng, start + 30), rng.pick(COURSES), formatDay(start), completed, completed && rng.chance(0.45)];
    }
  }
}

function* supportCases(world: World, rng: Rng) {
  let id = 0;
  for (const p of world.persons) {
    if (p.gender !== 'FEMALE' || p.age < 18) continue;
    if (!rng.chance(p.leftBehindWoman ? WOMENS_RATES.SUPPORT_LEFT_BEHIND : WOMENS_RATES.SUPPORT_OTHER_ADULT_WOMEN)) continue;
    const opened = rng.int(REFERENCE_DAY - 365 * 3, REFERENCE_DAY - 3);
    if (!livingAt(p, opened)) continue;
    const status = rng.weighted(SUPPORT_STATUSES, [20, 25, 55]);
    const closed = status === 'CLOSED' ? Math.min(REFERENCE_DAY - 1, opened + rng.int(15, 200)) : null;
    id++;
    yield [id, p.index + 1, sourceRecordId('WF-SUP', id), sourceUpdatedAt(rng, closed ?? opened), rng.weighted(SUPPORT_KINDS, [30, 30, 32, 8]), status, formatDay(opened), closed === null ? null : formatDay(closed)];
  }
}

/** The three women's-federation tables, in load order. */
export const womensFederationSeed: DepartmentSeed = {
  tables: ['womens_federation.left_behind_woman', 'womens_federation.training', 'womens_federation.support_case'],
  build: (world) => [
    defineTable(world, 'womens_federation.left_behind_woman', [...RECORD_COLUMNS, 'spouse_work_place', 'spouse_away_since', 'children_in_care', 'needs'], (rng) => profiles(world, rng)),
    defineTable(world, 'womens_federation.training', [...RECORD_COLUMNS, 'course', 'start_date', 'completed', 'employed_after'], (rng) => trainings(world, rng)),
    defineTable(world, 'womens_federation.support_case', [...RECORD_COLUMNS, 'kind', 'status', 'opened_date', 'closed_date'], (rng) => supportCases(world, rng)),
  ],
};
