/**
 * Pools of capable local adults who act for others: village cadres (helpers responsible for care
 * targets), custodians (托养人) and teachers paired with left-behind pupils. They are real persons
 * of the population, so person links connect two rows of `core.person`.
 */
import type { Rng } from './prng.js';
import type { PersonModel, World } from './world-types.js';

function capable(p: PersonModel, minAge: number, maxAge: number): boolean {
  return p.deathDay === null && p.awaySince === null && p.phone !== null && p.labourAbility === 'FULL' && p.age >= minAge && p.age <= maxAge;
}

export class PersonPools {
  private readonly byVillage = new Map<string, number[]>();
  private readonly byTownship = new Map<string, number[]>();
  private readonly county: number[] = [];
  private readonly cadres = new Map<string, number[]>();
  private readonly teachers = new Map<string, number[]>();

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
  ) {
    for (const p of world.persons) {
      if (!capable(p, 25, 60)) continue;
      const village = world.households[p.household]!.village;
      push(this.byVillage, village.code, p.index);
      push(this.byTownship, village.township.code, p.index);
      this.county.push(p.index);
    }
  }

  private near(villageCode: string): number[] {
    const township = villageCode.slice(0, 9) + '000';
    const village = this.byVillage.get(villageCode);
    if (village && village.length > 0) return village;
    return this.byTownship.get(township) ?? this.county;
  }

  /** The 2–3 cadres of a village's committee (村两委) who follow up its care targets. */
  cadresOf(villageCode: string): number[] {
    let list = this.cadres.get(villageCode);
    if (!list) {
      const pool = this.near(villageCode);
      list = [];
      for (let n = this.rng.int(2, 3); n > 0 && pool.length > 0; n--) list.push(this.rng.pick(pool));
      this.cadres.set(villageCode, list);
    }
    return list;
  }

  /** A capable adult of the village (or township) outside the given household, e.g. a custodian. */
  neighbourOf(rng: Rng, villageCode: string, household: number, sameSurname?: string): number | null {
    const pool = this.near(villageCode).filter((i) => this.world.persons[i]!.household !== household);
    if (pool.length === 0) return null;
    if (sameSurname) {
      const kin = pool.filter((i) => this.world.persons[i]!.surname === sameSurname);
      if (kin.length > 0) return rng.pick(kin);
    }
    return rng.pick(pool);
  }

  /** A teacher of the township's schools (about one per 80 residents of the township). */
  teacherFor(rng: Rng, townshipCode: string, household: number): number | null {
    let list = this.teachers.get(townshipCode);
    if (!list) {
      const pool = (this.byTownship.get(townshipCode) ?? this.county).filter((i) => this.world.persons[i]!.age <= 55);
      list = [];
      const wanted = Math.max(2, Math.round(pool.length / 28));
      for (let n = 0; n < wanted && pool.length > 0; n++) list.push(pool[this.rng.int(0, pool.length - 1)]!);
      this.teachers.set(townshipCode, list);
    }
    const eligible = list.filter((i) => this.world.persons[i]!.household !== household);
    return eligible.length > 0 ? rng.pick(eligible) : null;
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
