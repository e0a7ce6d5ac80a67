/**
 * hrss demo rows: posts, pairings, monthly attendance for the last six full months, and the
 * year-end and mid-year assessments — all rendered from the facts in `hrss.world.ts`.
 */
import type { DepartmentSeed } from '../../contract/department-module.js';
import { civilOf, dayOf, formatDay, REFERENCE_DAY } from '../../seed/dates.js';
import type { Rng } from '../../seed/prng.js';
import { fen, money, recordTable, recordTableName, sourceRecordId, sourceUpdatedAt } from '../../seed/table-spec.js';
import type { World } from '../../seed/world-types.js';
import { mutualAidPosts, type PostFact } from './hrss.world.js';
import { assessmentKind, attendanceKind, hrssIntake, pairingKind, postKind } from './hrss.intake.js';

const SERVICES: Record<PostFact['postType'], readonly string[]> = {
  ELDERLY_CARE: ['代购生活用品', '打扫卫生', '做饭送餐', '陪同出行', '拆洗被褥'],
  CHILDCARE: ['接送上下学', '课后看护', '辅导作业', '照料饮食'],
  SICK_CARE: ['代购药品', '陪同就医', '日常照料', '协助康复训练'],
  DISABILITY_HELP: ['生活照料', '协助康复训练', '代办事务', '陪同出行'],
};
const ASSESSORS = ['村委会', '驻村工作队', '乡镇人社所'];
const ATTENDANCE_MONTHS = 6;

const hourly = (post: PostFact) => post.id % 10 < 7; // 70 % of posts are paid by the hour
const endOrToday = (post: PostFact) => post.endDay ?? REFERENCE_DAY;

/** First day of the month `back` months before the reference month. */
function monthStart(back: number): number {
  const [y, m] = civilOf(REFERENCE_DAY);
  const index = y * 12 + (m - 1) - back;
  return dayOf(Math.floor(index / 12), (index % 12) + 1, 1);
}

function* posts(world: World, rng: Rng) {
  for (const post of mutualAidPosts(world)) {
    const subsidy = hourly(post) ? rng.int(300, 800) : rng.int(1000, 1500);
    yield [
      post.id, post.holder + 1, sourceRecordId('HR-POST', post.id), sourceUpdatedAt(rng, post.endDay ?? post.startDay),
      post.postType, post.villageCode, hourly(post) ? 'HOURLY' : 'FULL_TIME', rng.chance(0.8) ? 'POST_SUBSIDY' : 'SOCIAL_INSURANCE_SUBSIDY',
      money(fen(subsidy)), formatDay(post.startDay), post.endDay === null ? null : formatDay(post.endDay), post.endDay === null ? 'ACTIVE' : 'ENDED',
    ];
  }
}

function* pairings(world: World, rng: Rng) {
  let id = 0;
  for (const post of mutualAidPosts(world)) {
    for (const helped of post.helped) {
      const start = Math.min(endOrToday(post), post.startDay + rng.int(0, 30));
      const first = rng.pick(SERVICES[post.postType]);
      const second = rng.pick(SERVICES[post.postType]);
      id++;
      yield [
        id, helped + 1, sourceRecordId('HR-PAIR', id), sourceUpdatedAt(rng, start), post.holder + 1, post.id,
        first === second ? first : `${first}、${second}`, formatDay(start), post.endDay === null ? null : formatDay(post.endDay),
      ];
    }
  }
}

function* attendance(world: World, rng: Rng) {
  let id = 0;
  for (const post of mutualAidPosts(world)) {
    const required = hourly(post) ? 10 : 22;
    for (let back = ATTENDANCE_MONTHS; back >= 1; back--) {
      const month = monthStart(back);
      if (month < post.startDay || month > endOrToday(post) || (post.lapsed && back <= 3)) continue;
      id++;
      const present = rng.chance(0.85) ? required - rng.int(0, 2) : rng.int(0, required);
      yield [id, post.holder + 1, sourceRecordId('HR-ATT', id), sourceUpdatedAt(rng, monthStart(back - 1)), post.id, formatDay(month), required, present];
    }
  }
}

const RESULTS = ['EXCELLENT', 'QUALIFIED', 'BASICALLY_QUALIFIED', 'UNQUALIFIED'] as const;

function* assessments(world: World, rng: Rng) {
  let id = 0;
  const [year] = civilOf(REFERENCE_DAY);
  const periods = [dayOf(year - 1, 12, 31), dayOf(year, 6, 30)];
  for (const post of mutualAidPosts(world)) {
    for (const periodEnd of periods) {
      if (post.startDay > periodEnd - 90 || (post.endDay !== null && post.endDay < periodEnd)) continue;
      const result = post.lapsed ? rng.weighted(RESULTS, [0, 30, 40, 30]) : rng.weighted(RESULTS, [25, 60, 12, 3]);
      const score = { EXCELLENT: rng.int(90, 100), QUALIFIED: rng.int(75, 89), BASICALLY_QUALIFIED: rng.int(60, 74), UNQUALIFIED: rng.int(30, 59) }[result];
      id++;
      yield [id, post.holder + 1, sourceRecordId('HR-ASM', id), sourceUpdatedAt(rng, periodEnd + 10), post.id, formatDay(periodEnd), result, score, rng.pick(ASSESSORS)];
    }
  }
}

/**
 * The four hrss tables, in load order (posts before the rows that reference them). Their columns
 * come from the intake kinds (`recordTable`): each row lists the record columns, then the kind's
 * columns in declared order.
 */
export const hrssSeed: DepartmentSeed = {
  tables: hrssIntake.map(recordTableName),
  build: (world) => [
    recordTable(world, postKind, (rng) => posts(world, rng)),
    recordTable(world, pairingKind, (rng) => pairings(world, rng)),
    recordTable(world, attendanceKind, (rng) => attendance(world, rng)),
    recordTable(world, assessmentKind, (rng) => assessments(world, rng)),
  ],
};
