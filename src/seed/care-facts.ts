/**
 * Care targets (关爱对象) with their responsible cadre, and custody agreements (五养托养) with their
 * custodian; both become person links (HELPER, CUSTODIAN) as well as civil-affairs records.
 */
import { addYears, REFERENCE_DAY } from './dates.js';
import { PersonPools } from './pools.js';
import type { Rng } from './prng.js';
import type { CareTargetFact, CustodyFact, PersonModel, World } from './world-types.js';

/** Registration rates of each care-target category among those who qualify (docs/demo-data.md). */
export const CARE_RATES = {
  LEFT_BEHIND_CHILD: 0.9,
  LEFT_BEHIND_WOMAN: 0.25,
  LEFT_BEHIND_ELDERLY_70: 0.55,
  LEFT_BEHIND_ELDERLY_60: 0.2,
  TEKUN_REGISTERED: 0.9,
  SEVERE_DISABLED: 0.7,
  CUSTODY_TEKUN: 0.75,
  CUSTODY_ELDERLY_80: 0.1,
} as const;

function helpingUnits(world: World, p: PersonModel): string[] {
  const county = world.places.countyName;
  const township = world.households[p.household]!.village.township.name;
  const government = township.endsWith('街道') ? `${township}办事处` : `${township}人民政府`;
  return [`${county}民政局`, `${county}教育局`, `${county}卫生健康委员会`, `${county}农业农村局`, `${county}残疾人联合会`, `${county}妇女联合会`, government, `${county}人民医院`, `中国农业银行${county}支行`, `国网${county}供电公司`];
}

function keyShare(category: CareTargetFact['category'], p: PersonModel, world: World): number {
  const assisted = world.households[p.household]!.status !== 'NONE';
  if (category === 'SEVERE_DISABLED') return p.selfCareAbility === 'NONE' ? 0.45 : 0.15;
  if (category === 'THREE_NO') return 0.3;
  if (category === 'LEFT_BEHIND_CHILD') return assisted || p.disability ? 0.4 : 0.08;
  return 0.08;
}

function addTarget(rng: Rng, world: World, pools: PersonPools, p: PersonModel, category: CareTargetFact['category'], earliest: number): void {
  const village = world.households[p.household]!.village;
  const helper = rng.pick(pools.cadresOf(village.code));
  if (helper === undefined || helper === p.index) return;
  const start = rng.int(Math.min(Math.max(earliest, REFERENCE_DAY - 365 * 6), REFERENCE_DAY - 40), REFERENCE_DAY - 30);
  if (p.deathDay !== null && p.deathDay <= start) return;
  const diligence = rng.weighted<CareTargetFact['diligence']>(['DILIGENT', 'SPOTTY', 'LAPSED'], [78, 15, 7]);
  world.careTargets.push({
    person: p.index,
    category,
    keyGuardianship: rng.chance(keyShare(category, p, world)),
    helper,
    helpingUnit: rng.pick(helpingUnits(world, p)),
    startDay: start,
    endDay: p.deathDay,
    diligence,
  });
  world.links.push({ from: helper, to: p.index, kind: 'HELPER', department: 'civil-affairs', startDay: start, endDay: p.deathDay });
}

function assignTargets(rng: Rng, world: World, pools: PersonPools): void {
  const tekun = new Map(world.enrolments.filter((e) => e.program === 'TEKUN' && e.status === 'ACTIVE').map((e) => [e.person, e]));
  for (const p of world.persons) {
    if (p.deathDay !== null && p.deathDay < REFERENCE_DAY - 365) continue;
    if (p.leftBehindChild && p.age < 16 && rng.chance(CARE_RATES.LEFT_BEHIND_CHILD)) addTarget(rng, world, pools, p, 'LEFT_BEHIND_CHILD', p.birthDay + 30);
    if (p.leftBehindWoman && rng.chance(CARE_RATES.LEFT_BEHIND_WOMAN)) addTarget(rng, world, pools, p, 'LEFT_BEHIND_WOMAN', addYears(p.birthDay, 20));
    const elderlyRate = p.age >= 70 ? CARE_RATES.LEFT_BEHIND_ELDERLY_70 : p.age >= 60 ? CARE_RATES.LEFT_BEHIND_ELDERLY_60 : 0;
    if (p.leftBehindElderly && rng.chance(elderlyRate)) addTarget(rng, world, pools, p, 'LEFT_BEHIND_ELDERLY', addYears(p.birthDay, 60));
    const t = tekun.get(p.index);
    // 特困 elderly in the countryside are the former 五保户; younger ones are 三无 persons.
    if (t && world.households[p.household]!.status === 'TEKUN' && rng.chance(CARE_RATES.TEKUN_REGISTERED)) {
      addTarget(rng, world, pools, p, p.age >= 60 && rng.chance(0.75) ? 'FIVE_GUARANTEE' : 'THREE_NO', t.startDay);
    }
    if (p.disability && p.disability.grade <= 2 && rng.chance(CARE_RATES.SEVERE_DISABLED)) addTarget(rng, world, pools, p, 'SEVERE_DISABLED', p.disability.issuedDay);
  }
}

const DISPERSED_MODES: CustodyFact['mode'][] = ['FAMILY', 'NEIGHBOUR', 'CHARITY', 'CONTRACTED'];

function addCustody(rng: Rng, world: World, pools: PersonPools, p: PersonModel, mode: CustodyFact['mode'], earliest: number): void {
  const household = world.households[p.household]!;
  // 亲情托养 is by a relative: prefer someone of the same surname in the village.
  const custodian = pools.neighbourOf(rng, household.village.code, household.index, mode === 'FAMILY' ? p.surname : undefined);
  if (custodian === null) return;
  const signed = rng.int(Math.min(Math.max(earliest, REFERENCE_DAY - 365 * 5), REFERENCE_DAY - 20), REFERENCE_DAY - 10);
  if (p.deathDay !== null && p.deathDay <= signed) return;
  const endDay = p.deathDay ?? (rng.chance(0.05) ? rng.int(signed + 30, REFERENCE_DAY + 365) : null);
  world.custody.push({ person: p.index, mode, custodian, signedDay: signed, endDay });
  world.links.push({ from: custodian, to: p.index, kind: 'CUSTODIAN', department: 'civil-affairs', startDay: signed, endDay });
}

function assignCustody(rng: Rng, world: World, pools: PersonPools): void {
  for (const e of world.enrolments) {
    if (e.program !== 'TEKUN' || e.status !== 'ACTIVE' || world.households[world.persons[e.person]!.household]!.status !== 'TEKUN') continue;
    if (!rng.chance(CARE_RATES.CUSTODY_TEKUN)) continue;
    const mode = e.supportMode === 'CENTRALISED' ? 'CENTRALISED_MEDICAL' : rng.weighted(DISPERSED_MODES, [40, 25, 10, 25]);
    addCustody(rng, world, pools, world.persons[e.person]!, mode, e.startDay);
  }
  for (const t of world.careTargets) {
    const p = world.persons[t.person]!;
    if (t.category === 'LEFT_BEHIND_ELDERLY' && p.age >= 80 && rng.chance(CARE_RATES.CUSTODY_ELDERLY_80)) {
      addCustody(rng, world, pools, p, rng.weighted<CustodyFact['mode']>(['FAMILY', 'NEIGHBOUR', 'CONTRACTED'], [50, 30, 20]), t.startDay);
    }
  }
}

/**
 * Registers care targets and custody agreements.
 * @param rng the care stream
 */
export function assignCare(rng: Rng, world: World): void {
  const pools = new PersonPools(world, rng.fork('pools'));
  assignTargets(rng, world, pools);
  assignCustody(rng, world, pools);
}
