import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Person } from '../entities/person.entity.js';
import type { Household } from '../entities/household.entity.js';
import { RegionEntity, type Region } from '../entities/region.entity.js';
import { PersonLinkEntity, type PersonLink } from '../entities/person-link.entity.js';
import { selectHouseholds, selectHouseholdsWithMembers, selectPersons, type HouseholdGraph } from '../queries/core-rows.js';
import { EVERY_ROW, type RowScope } from '../../auth/row-scope.js';

/** Groups `items` by `keyOf`, answering every requested key (empty list when none). */
function groupBy<T>(keys: readonly string[], items: T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}

function byKey<T>(keys: readonly string[], items: T[], keyOf: (item: T) => string): Array<T | null> {
  const map = new Map(items.map((i) => [keyOf(i), i]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Keeps `promise` in `set` until it settles. */
function track<T>(set: Set<Promise<unknown>>, promise: Promise<T>): Promise<T> {
  set.add(promise);
  promise.then(
    () => set.delete(promise),
    () => set.delete(promise),
  );
  return promise;
}

const idOf = (entity: { id: string } | null | undefined) => (entity ? String(entity.id) : '');

/**
 * Per-request loaders. `rows` confines persons and households to the caller's region: anything
 * outside it is simply not found, exactly like something that does not exist.
 */
export function createCoreLoaders(em: EntityManager, rows: RowScope = EVERY_ROW) {
  // Persons and households are read as plain rows (core-rows.ts): no entity hydration on reads.
  const person = new DataLoader<string, Person | null>(async (ids) =>
    byKey(ids, await selectPersons(em, (sql) => `p.id = any(${sql.array(ids, 'bigint')})${rows.and('p.region_code', sql)}`), (p) => p.id),
  );
  /** Persons found another way (lists, members) answer later `person` loads without a query. */
  const remember = (persons: Person[]) => {
    for (const p of persons) person.prime(String(p.id), p);
    return persons;
  };
  const household = new DataLoader<string, Household | null>(async (ids) =>
    byKey(ids, await selectHouseholds(em, (sql) => `h.id = any(${sql.array(ids, 'bigint')})${rows.and('h.region_code', sql)}`), (h) => h.id),
  );
  /** Members of each household, head first then by id. */
  const headFirst = (group: Person[]) => [...group.filter((p) => p.relationToHead === 'HEAD'), ...group.filter((p) => p.relationToHead !== 'HEAD')];
  const members = new DataLoader<string, Person[]>(async (householdIds) => {
    const persons = await selectPersons(em, (sql) => `p.household_id = any(${sql.array(householdIds, 'bigint')})`, ' order by p.id');
    return groupBy(householdIds, remember(persons), (p) => idOf(p.household)).map(headFirst);
  });
  /**
   * Households together with their members in one statement, for queries that ask for both
   * (the person graph): one round trip fewer. Primes `household` and `members`.
   */
  const inFlight = new Set<Promise<unknown>>();
  const householdWithMembers = new DataLoader<string, Household | null>((ids) => track(inFlight, loadHouseholdsWithMembers(ids)));
  async function loadHouseholdsWithMembers(ids: readonly string[]) {
    const found = await selectHouseholdsWithMembers(em, (sql) => `h.id = any(${sql.array(ids, 'bigint')})${rows.and('h.region_code', sql)}`);
    found.forEach(rememberHouseholdGraph);
    return byKey(ids, found.map((f) => f.household), (h) => h.id);
  }
  /** A household and its members read another way (with a person) answer later loads without a query. */
  function rememberHouseholdGraph({ household: h, members: m }: HouseholdGraph) {
    household.prime(h.id, h);
    householdWithMembers.prime(h.id, h);
    members.prime(h.id, headFirst(remember(m)));
  }
  return {
    /**
     * Settles when the member loads now running have settled (undefined when none): the record
     * loader waits for it so members' records join the same batch as their relative's.
     */
    membersInFlight: () => (inFlight.size ? Promise.allSettled([...inFlight]) : undefined),
    person,
    remember,
    household,
    householdWithMembers,
    rememberHouseholdGraph,
    members,
    region: new DataLoader<string, Region | null>(async (codes) =>
      byKey(codes, await em.find(RegionEntity, { code: { $in: [...codes] } }), (r) => r.code),
    ),
    regionChildren: new DataLoader<string, Region[]>(async (codes) =>
      groupBy(codes, await em.find(RegionEntity, { parentCode: { $in: [...codes] } }, { orderBy: { code: 'asc' } }), (r) => r.parentCode ?? ''),
    ),
    /** Links touching each person, in either direction; both ends must lie in the region. */
    links: new DataLoader<string, PersonLink[]>(async (personIds) => {
      const ids = [...personIds];
      const bothInRegion = rows.confined ? { fromPerson: rows.persons, toPerson: rows.persons } : {};
      const links = await em.find(
        PersonLinkEntity,
        { $or: [{ fromPerson: { $in: ids } }, { toPerson: { $in: ids } }], ...bothInRegion },
        { orderBy: { id: 'asc' } },
      );
      return personIds.map((id) => links.filter((l) => idOf(l.fromPerson) === id || idOf(l.toPerson) === id));
    }),
  };
}

export type CoreLoaders = ReturnType<typeof createCoreLoaders>;
