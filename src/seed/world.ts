/**
 * Builds the whole demo county in memory, pass by pass. Each pass draws from its own PRNG
 * stream, so changing one pass's details does not reshuffle the others.
 */
import { assignAssistance } from './assistance-facts.js';
import { assignCare } from './care-facts.js';
import { assignDeaths } from './deaths.js';
import { assignSchooling } from './education-facts.js';
import { assignHealth } from './health-facts.js';
import { buildPopulation } from './households.js';
import { assignMedical } from './medical-facts.js';
import type { CountyPlaces } from './places.js';
import { Rng } from './prng.js';
import type { World } from './world-types.js';

export interface WorldOptions {
  persons: number;
  seed: number;
  places: CountyPlaces;
}

/**
 * The demo county: households, persons and every cross-department fact.
 * @example buildWorld({ persons: 5000, seed: 1, places }).persons.length === 5000
 */
export function buildWorld(opts: WorldOptions): World {
  if (!Number.isInteger(opts.persons) || opts.persons < 1) throw new Error(`persons must be a positive integer, got ${opts.persons}`);
  const root = new Rng(opts.seed);
  const population = buildPopulation(root.fork('population'), opts.places, opts.persons);
  const world: World = {
    seed: opts.seed,
    places: opts.places,
    persons: population.persons,
    households: population.households,
    enrolments: [],
    careTargets: [],
    custody: [],
    pairings: [],
    links: population.links,
  };
  assignHealth(root.fork('health'), world.persons);
  assignDeaths(root.fork('deaths'), world.persons);
  assignAssistance(root.fork('assistance'), world);
  assignCare(root.fork('care'), world);
  assignSchooling(root.fork('education'), world);
  assignMedical(root.fork('medical'), world);
  endLinksAtDeath(world);
  return world;
}

/** A guardian, helper, custodian or teacher relation ends when either person dies. */
function endLinksAtDeath(world: World): void {
  for (const link of world.links) {
    for (const i of [link.from, link.to]) {
      const death = world.persons[i]!.deathDay;
      if (death !== null && (link.endDay === null || death < link.endDay)) link.endDay = Math.max(death, link.startDay ?? death);
    }
  }
}
