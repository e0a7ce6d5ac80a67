/**
 * Builds the population: households spread over the county's villages, each member with a name
 * in the family line, a valid unique ID number, phone, and who works away. Exactly `personCount`
 * persons are produced.
 */
import { addYears, REFERENCE_DAY, yearOf } from './dates.js';
import { birthDayForAge, IdNumberAllocator } from './id-numbers.js';
import { HOUSEHOLD_KIND_WEIGHTS, HOUSEHOLD_KINDS, planHousehold, type PlannedMember } from './household-plans.js';
import { randomEthnicity, randomGivenName, randomPhone, randomSurname } from './names.js';
import { householdAddress, type CountyPlaces, type Village } from './places.js';
import { Rng, WeightedTable } from './prng.js';
import type { HouseholdKind, HouseholdModel, LinkFact, PersonModel } from './world-types.js';

/** Where migrant workers from a Henan county go (weights roughly follow migration surveys). */
const WORK_PLACES = new WeightedTable(
  ['广东省深圳市', '广东省东莞市', '广东省广州市', '浙江省杭州市', '浙江省宁波市', '江苏省苏州市', '上海市', '北京市', '河南省郑州市', '天津市', '福建省厦门市', '山东省青岛市'],
  [14, 12, 8, 8, 5, 10, 9, 7, 18, 4, 3, 2],
);

export interface Population {
  persons: PersonModel[];
  households: HouseholdModel[];
  links: LinkFact[];
}

function phoneFor(rng: Rng, m: PlannedMember): string | null {
  if (m.age < 16) return null;
  if (m.away) return randomPhone(rng);
  const p = m.age < 60 ? 0.93 : m.age < 75 ? 0.72 : 0.45;
  return rng.chance(p) ? randomPhone(rng) : null;
}

/** Away since: 6 months to 12 years ago, never before the 18th birthday. */
function awaySinceDay(rng: Rng, birthDay: number): number {
  return Math.max(addYears(birthDay, 18), REFERENCE_DAY - rng.int(180, 365 * 12));
}

/** Plans a household that fits in the persons still to create (the last one may be small). */
function planFitting(rng: Rng, remaining: number): { kind: HouseholdKind; plan: PlannedMember[] } {
  for (let attempt = 0; attempt < 30; attempt++) {
    const kind = rng.weighted(HOUSEHOLD_KINDS, HOUSEHOLD_KIND_WEIGHTS);
    const plan = planHousehold(rng, kind);
    if (plan.length <= remaining) return { kind, plan };
  }
  const kind = rng.chance(0.5) ? 'SINGLE_ELDERLY' : 'SINGLE_ADULT';
  return { kind, plan: planHousehold(rng, kind) };
}

/**
 * Creates households and persons.
 * @param rng the population stream (forked from the seed)
 */
export function buildPopulation(rng: Rng, places: CountyPlaces, personCount: number): Population {
  const ids = new IdNumberAllocator(places.countyCode);
  // Villages differ in size; market-town villages are larger.
  const villageTable = new WeightedTable<Village>(places.villages, places.villages.map(() => 0.4 + rng.next() * 1.2));
  const villageSeq = new Map<string, number>();
  const persons: PersonModel[] = [];
  const households: HouseholdModel[] = [];
  const links: LinkFact[] = [];

  while (persons.length < personCount) {
    const { kind, plan } = planFitting(rng, personCount - persons.length);
    const village = villageTable.sample(rng);
    const seq = (villageSeq.get(village.code) ?? 0) + 1;
    villageSeq.set(village.code, seq);
    const hIndex = households.length;
    const surname = randomSurname(rng);
    const first = persons.length;
    for (const m of plan) {
      const birthDay = birthDayForAge(rng, m.age);
      const birthYear = yearOf(birthDay);
      const ownSurname = m.inherits ? surname : randomSurname(rng);
      persons.push({
        index: persons.length,
        household: hIndex,
        idNumber: ids.allocate(rng, birthDay, m.gender),
        surname: ownSurname,
        name: ownSurname + randomGivenName(rng, m.gender, birthYear),
        gender: m.gender,
        birthDay,
        age: m.age,
        ethnicity: randomEthnicity(rng),
        phone: phoneFor(rng, m),
        relation: m.relation,
        spouse: m.spouse === null ? null : first + m.spouse,
        labourAbility: null,
        selfCareAbility: null,
        deathDay: null,
        deathCause: null,
        awaySince: m.away ? awaySinceDay(rng, birthDay) : null,
        workPlace: m.away ? WORK_PLACES.sample(rng) : null,
        leftBehindChild: m.leftBehindChild,
        leftBehindElderly: m.leftBehindElderly,
        leftBehindWoman: m.leftBehindWoman,
        disability: null,
        conditions: [],
        medical: [],
        school: null,
      });
    }
    const members = plan.map((_, i) => first + i);
    plan.forEach((m, i) => {
      if (m.guardian === null) return;
      const child = persons[first + i]!;
      // Guardianship starts when the parents left (or at birth, if they left earlier).
      const parentsLeft = Math.max(...members.map((p) => persons[p]!.awaySince ?? -Infinity));
      links.push({
        from: first + m.guardian,
        to: child.index,
        kind: 'GUARDIAN',
        department: 'civil-affairs',
        startDay: Math.max(child.birthDay, Number.isFinite(parentsLeft) ? parentsLeft : child.birthDay),
        endDay: null,
      });
    });
    households.push({
      index: hIndex,
      number: village.code + String(seq).padStart(4, '0'),
      village,
      address: householdAddress(places, village, seq),
      kind,
      members,
      head: first + plan.findIndex((m) => m.relation === 'HEAD'),
      score: 0,
      registeredPoorYear: null,
      status: 'NONE',
      statusSince: null,
      consentDay: null,
    });
  }
  return { persons, households, links };
}
