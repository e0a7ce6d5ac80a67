import pg from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import { SqlBuilder } from '../../src/contract/sql-builder.js';
import { regionPrefixMatch } from '../../src/core/filter/region-prefix.js';

/**
 * `core.person.region_code` is a copy of the household's division code kept by triggers; region
 * scopes and the `regionCode` filter read it. These tests change households and persons in every
 * way the triggers must follow, and check the region answers against the household join.
 */
let hub: TestHub;
const county = '410823';
beforeAll(async () => {
  hub = await startTestHub({ fixture: (c) => seedDemoData(c, { persons: 3000, county, seed: 11 }).then(() => undefined) });
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

/** Persons whose copy differs from their household's code (or who have one without a household). */
const drifted = () =>
  hub.sql<{ n: string }>(
    `select count(*) as n from core.person p left join core.household h on h.id = p.household_id
      where p.region_code is distinct from h.region_code`,
  ).then((r) => Number(r[0]!.n));

async function newHousehold(number: string, region: string): Promise<string> {
  const [row] = await hub.sql<{ id: string }>(`insert into core.household (household_number, region_code) values ($1, $2) returning id::text`, [number, region]);
  return row!.id;
}

async function newPerson(idNumber: string, householdId: string | null, regionCode: string | null = null): Promise<string> {
  const [row] = await hub.sql<{ id: string }>(
    `insert into core.person (id_number, name, gender, birth_date, household_id, region_code) values ($1, '测试', 'MALE', '1980-01-01', $2, $3) returning id::text`,
    [idNumber, householdId, regionCode],
  );
  return row!.id;
}

const regionOf = (personId: string) => hub.sql<{ r: string | null }>(`select region_code as r from core.person where id = $1`, [personId]).then((r) => r[0]!.r);

it('holds every seeded person’s household code (the seed goes through COPY, so the trigger saw each row)', async () => {
  const [{ n }] = await hub.sql<{ n: string }>(`select count(*) as n from core.person where region_code like $1`, [`${county}%`]);
  expect(Number(n)).toBeGreaterThan(2500);
  expect(await drifted()).toBe(0);
});

it('follows inserts, moves between households, leaving a household and the household’s own move', async () => {
  const a = await newHousehold('RC-A', '410823100201');
  const b = await newHousehold('RC-B', '410823205001');
  // A value written by the caller is replaced by the household's.
  const person = await newPerson('110101199001011237', a, '999999999999');
  expect(await regionOf(person)).toBe('410823100201');

  await hub.sql(`update core.person set household_id = $2 where id = $1`, [person, b]);
  expect(await regionOf(person)).toBe('410823205001');

  await hub.sql(`update core.person set region_code = '410823100201' where id = $1`, [person]);
  expect(await regionOf(person)).toBe('410823205001');

  await hub.sql(`update core.household set region_code = '410823106202' where id = $1`, [b]);
  expect(await regionOf(person)).toBe('410823106202');

  await hub.sql(`update core.person set household_id = null where id = $1`, [person]);
  expect(await regionOf(person)).toBeNull();

  // Deleting the household sets members' household_id to null (the foreign key): no code left.
  const member = await newPerson('110101199001012213', a);
  await hub.sql(`delete from core.household where id = $1`, [a]);
  expect(await regionOf(member)).toBeNull();
  expect(await drifted()).toBe(0);
});

it('makes a member inserted while its household moves wait for the move, then take the new code', async () => {
  const household = await newHousehold('RC-C', '410823100201');
  const mover = new pg.Client({ connectionString: hub.dbUrl });
  const inserter = new pg.Client({ connectionString: hub.dbUrl });
  await Promise.all([mover.connect(), inserter.connect()]);
  try {
    await mover.query('begin');
    await mover.query(`update core.household set region_code = '410823205002' where id = $1`, [household]);
    const insert = inserter.query(
      `insert into core.person (id_number, name, gender, birth_date, household_id) values ('110101199001013019', '测试', 'FEMALE', '1990-01-01', $1) returning region_code`,
      [household],
    );
    // The insert is blocked on the household row until the move commits.
    let waiting = false;
    for (let i = 0; i < 50 && !waiting; i++) {
      const [row] = await hub.sql<{ n: string }>(`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into core.person%'`);
      waiting = Number(row!.n) === 1;
      if (!waiting) await new Promise((r) => setTimeout(r, 20));
    }
    expect(waiting).toBe(true);
    await mover.query('commit');
    expect((await insert).rows[0].region_code).toBe('410823205002');
  } finally {
    await Promise.all([mover.end(), inserter.end()]);
  }
  expect(await drifted()).toBe(0);
});

describe('regionPrefixMatch', () => {
  /** Households under `prefix` by the range-and-like predicate, and by `like` alone. */
  async function both(prefix: string): Promise<[number, number]> {
    const sql = new SqlBuilder();
    const where = regionPrefixMatch('h.region_code', prefix, sql);
    let n = 0;
    const text = `select count(*) as n from core.household h where ${where}`.replace(/\?/g, () => `$${++n}`);
    const [ranged] = await hub.sql<{ n: string }>(text, sql.params);
    const [liked] = await hub.sql<{ n: string }>(`select count(*) as n from core.household h where h.region_code like $1`, [`${prefix}%`]);
    return [Number(ranged!.n), Number(liked!.n)];
  }

  it('writes the range bounds and the like pattern as parameters, in text order', () => {
    const sql = new SqlBuilder();
    expect(regionPrefixMatch('p.region_code', '410823', sql)).toBe('(p.region_code between ? and ? and p.region_code like ?)');
    expect(sql.params).toEqual(['410823', '410823999999', '410823%']);
  });

  it('matches exactly what like matches, at every level and for prefixes ending in 9 or 0', async () => {
    const [{ township, village }] = await hub.sql<{ township: string; village: string }>(
      `select substr(min(region_code), 1, 9) as township, min(region_code) as village from core.household where region_code like $1`,
      [`${county}%`],
    );
    for (const prefix of ['41', county, '4108231', '41082319', '41082320', township, village, '99', '410823999', '000000000000']) {
      const [ranged, liked] = await both(prefix);
      expect({ prefix, ranged }).toEqual({ prefix, ranged: liked });
    }
    expect((await both(county))[0]).toBeGreaterThan(0);
    expect((await both(village))[0]).toBeGreaterThan(0);
  });
});

it('serves a region-scoped official the persons of its township, counted as the household join counts them', async () => {
  const [{ township }] = await hub.sql<{ township: string }>(
    `select substr(region_code, 1, 9) as township from core.household where region_code like $1 group by 1 order by count(*) desc limit 1`,
    [`${county}%`],
  );
  const [{ n }] = await hub.sql<{ n: string }>(
    `select count(*) as n from core.person p join core.household h on h.id = p.household_id where h.region_code like $1`,
    [`${township}%`],
  );
  const official = await hub.as('township-official', { region: township });
  const scoped = await hub.query(`{ persons(first: 5) { totalCount nodes { id } } }`, {}, official);
  expect(scoped.body.errors).toBeUndefined();
  expect(scoped.body.data.persons.totalCount).toBe(Number(n));
  const filtered = await hub.query(`query ($f: PersonFilter) { persons(first: 5, filter: $f) { totalCount } }`, { f: { regionCode: township } });
  expect(filtered.body.data.persons.totalCount).toBe(Number(n));
});
