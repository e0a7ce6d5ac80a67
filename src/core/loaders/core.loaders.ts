import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PersonEntity, type Person } from '../entities/person.entity.js';
import { HouseholdEntity, type Household } from '../entities/household.entity.js';
import { RegionEntity, type Region } from '../entities/region.entity.js';
import { PersonLinkEntity, type PersonLink } from '../entities/person-link.entity.js';
import { householdInRegion, personInRegion } from '../region-scope.js';

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

const idOf = (entity: { id: string } | null | undefined) => (entity ? String(entity.id) : '');

/**
 * Per-request loaders. `regionPrefix` confines persons and households to the caller's region:
 * anything outside it is simply not found, exactly like something that does not exist.
 */
export function createCoreLoaders(em: EntityManager, regionPrefix: string | null = null) {
  const inRegion = householdInRegion(regionPrefix);
  const personInScope = personInRegion(regionPrefix);
  const person = new DataLoader<string, Person | null>(async (ids) =>
    byKey(ids, await em.find(PersonEntity, { id: { $in: [...ids] }, ...personInScope }), (p) => String(p.id)),
  );
  /** Persons found another way (lists, members) answer later `person` loads without a query. */
  const remember = (persons: Person[]) => {
    for (const p of persons) person.prime(String(p.id), p);
    return persons;
  };
  return {
    person,
    remember,
    household: new DataLoader<string, Household | null>(async (ids) =>
      byKey(ids, await em.find(HouseholdEntity, { id: { $in: [...ids] }, ...inRegion }), (h) => String(h.id)),
    ),
    /** Members of each household, head first then by id. */
    members: new DataLoader<string, Person[]>(async (householdIds) => {
      const persons = await em.find(
        PersonEntity,
        { household: { $in: [...householdIds] } },
        { orderBy: { id: 'asc' } },
      );
      const groups = groupBy(householdIds, remember(persons), (p) => idOf(p.household));
      return groups.map((g) => [...g.filter((p) => p.relationToHead === 'HEAD'), ...g.filter((p) => p.relationToHead !== 'HEAD')]);
    }),
    region: new DataLoader<string, Region | null>(async (codes) =>
      byKey(codes, await em.find(RegionEntity, { code: { $in: [...codes] } }), (r) => r.code),
    ),
    regionChildren: new DataLoader<string, Region[]>(async (codes) =>
      groupBy(codes, await em.find(RegionEntity, { parentCode: { $in: [...codes] } }, { orderBy: { code: 'asc' } }), (r) => r.parentCode ?? ''),
    ),
    /** Links touching each person, in either direction; both ends must lie in the region. */
    links: new DataLoader<string, PersonLink[]>(async (personIds) => {
      const ids = [...personIds];
      const bothInRegion = regionPrefix == null ? {} : { fromPerson: personInScope, toPerson: personInScope };
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
