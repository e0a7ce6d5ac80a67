/**
 * Who holds which mutual-aid post and whom each post helps in the demo county, decided once per
 * world so the post, pairing, attendance and assessment tables agree. "The most suitable person
 * helps the person most in need": posts go to registered-poor villagers with labour ability — from the
 * village of the people they help when it has one, else from the same township — one post type
 * per kind of need.
 */
import { Rng } from '../../seed/prng.js';
import { REFERENCE_DAY } from '../../seed/dates.js';
import type { PersonModel, World } from '../../seed/world-types.js';
import type { MutualAidPostType } from './hrss.entities.js';

export const HRSS_RATES = {
  /** Share of people in need who are paired with a post holder. */
  COVERED: 0.5,
  /** People helped per post, at most. */
  HELPED_PER_POST: 3,
  /** Posts given to someone who breaks the holder rule (not registered poor, no labour ability):
   * the data-quality cases the HRSS_HOLDER_NOT_ELIGIBLE warning exists to catch. */
  INELIGIBLE_HOLDER: 0.1,
  ENDED: 0.1,
  /** Active posts whose attendance stopped being recorded three months ago. */
  LAPSED: 0.08,
} as const;

export interface PostFact {
  /** Database id (1-based). */
  id: number;
  holder: number;
  villageCode: string;
  postType: MutualAidPostType;
  startDay: number;
  endDay: number | null;
  lapsed: boolean;
  helped: number[];
}

const alive = (p: PersonModel) => p.deathDay === null;

/** Which kind of help a person needs most, if any (checked in this order). */
function needOf(p: PersonModel): MutualAidPostType | null {
  if (!alive(p)) return null;
  if (p.disability !== null && p.disability.grade <= 2) return 'DISABILITY_HELP';
  if (p.conditions.some((c) => c.severity !== 'CHRONIC')) return 'SICK_CARE';
  if (p.leftBehindChild && p.age >= 3 && p.age < 16) return 'CHILDCARE';
  if (p.age >= 70 || p.leftBehindElderly) return 'ELDERLY_CARE';
  return null;
}

const POST_TYPES: readonly MutualAidPostType[] = ['ELDERLY_CARE', 'CHILDCARE', 'SICK_CARE', 'DISABILITY_HELP'];

interface Candidate {
  person: number;
  villageCode: string;
}

/** Takes a candidate out of the pool, preferring one from the post's own village. */
function takeCandidate(rng: Rng, pool: Candidate[], villageCode: string): number {
  const local = pool.flatMap((c, i) => (c.villageCode === villageCode ? [i] : []));
  const at = local.length ? local[rng.int(0, local.length - 1)]! : rng.int(0, pool.length - 1);
  return pool.splice(at, 1)[0]!.person;
}

function buildPosts(world: World): PostFact[] {
  const rng = new Rng(world.seed).fork('hrss:posts');
  // Holders come from the village where possible, else from elsewhere in the township.
  const pools = new Map<string, { eligible: Candidate[]; others: Candidate[] }>();
  const needy = new Map<string, Map<MutualAidPostType, number[]>>();
  for (const h of world.households) {
    const villageCode = h.village.code;
    const township = villageCode.slice(0, 9);
    if (!pools.has(township)) pools.set(township, { eligible: [], others: [] });
    if (!needy.has(villageCode)) needy.set(villageCode, new Map(POST_TYPES.map((t) => [t, []])));
    for (const i of h.members) {
      const p = world.persons[i]!;
      const need = needOf(p);
      if (need) needy.get(villageCode)!.get(need)!.push(i);
      else if (alive(p) && p.awaySince === null && p.age >= 18 && p.age <= 70) {
        const eligible = h.registeredPoorYear !== null && (p.labourAbility === 'FULL' || p.labourAbility === 'PARTIAL');
        pools.get(township)![eligible ? 'eligible' : 'others'].push({ person: i, villageCode });
      }
    }
  }
  const posts: PostFact[] = [];
  for (const [villageCode, byType] of needy) {
    const pool = pools.get(villageCode.slice(0, 9))!;
    for (const postType of POST_TYPES) {
      const covered = byType.get(postType)!.filter(() => rng.chance(HRSS_RATES.COVERED));
      for (let at = 0; at < covered.length && pool.eligible.length > 0; at += HRSS_RATES.HELPED_PER_POST) {
        const breaksRule = rng.chance(HRSS_RATES.INELIGIBLE_HOLDER) && pool.others.length > 0;
        const holder = takeCandidate(rng, breaksRule ? pool.others : pool.eligible, villageCode);
        const startDay = REFERENCE_DAY - rng.int(60, 900);
        const ended = rng.chance(HRSS_RATES.ENDED);
        posts.push({
          id: posts.length + 1, holder, villageCode, postType, startDay,
          endDay: ended ? Math.min(REFERENCE_DAY - 1, startDay + rng.int(30, 365)) : null,
          lapsed: !ended && rng.chance(HRSS_RATES.LAPSED),
          helped: covered.slice(at, at + HRSS_RATES.HELPED_PER_POST),
        });
      }
    }
  }
  return posts;
}

const cache = new WeakMap<World, PostFact[]>();

/** The world's mutual-aid posts (computed once per world). */
export function mutualAidPosts(world: World): PostFact[] {
  let posts = cache.get(world);
  if (!posts) cache.set(world, (posts = buildPosts(world)));
  return posts;
}
