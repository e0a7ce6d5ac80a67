import { startTestHub, type GraphQLResponse, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});

const PAGE = `query($first: Int, $after: String, $f: PersonFilter) {
  persons(filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } }
}`;

async function walk(first: number, filter?: Record<string, unknown>): Promise<string[][]> {
  const pages: string[][] = [];
  let after: string | null = null;
  for (;;) {
    const res: GraphQLResponse = await hub.query(PAGE, { first, after, f: filter });
    expect(res.body.errors).toBeUndefined();
    const conn: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } = res.body.data.persons;
    pages.push(conn.edges.map((e: { node: { id: string } }) => e.node.id));
    if (!conn.pageInfo.hasNextPage) return pages;
    after = conn.pageInfo.endCursor;
  }
}

it('walks every person exactly once, in id order, page by page', async () => {
  expect(await walk(4)).toEqual([['1', '2', '3', '4'], ['5', '6', '7', '8'], ['9']]);
});

it('keeps pages stable under a filter and reports the filtered total on every page', async () => {
  const res = await hub.query(PAGE, { first: 1, f: { gender: 'FEMALE' } });
  expect(res.body.data.persons.totalCount).toBe(4);
  expect(await walk(3, { gender: 'FEMALE' })).toEqual([['2', '5', '7'], ['9']]);
});

it('continues after a cursor even when earlier rows are added meanwhile', async () => {
  const first = await hub.query(PAGE, { first: 3 });
  const cursor = first.body.data.persons.pageInfo.endCursor;
  await hub.sql(`insert into core.person (id, id_number, name, gender, birth_date) values (0, '110105194912310021', '测试', 'FEMALE', '1949-12-31')`);
  try {
    const next = await hub.query(PAGE, { first: 3, after: cursor });
    expect(next.body.data.persons.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['4', '5', '6']);
  } finally {
    await hub.sql(`delete from core.person where id = 0`);
  }
});

it('returns an empty last page with hasNextPage false and a null end cursor', async () => {
  const last = await hub.query(PAGE, { first: 9 });
  const after = await hub.query(PAGE, { first: 5, after: last.body.data.persons.pageInfo.endCursor });
  expect(after.body.data.persons).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
});

it.each([
  ['a page size above 500', { first: 501 }, 'first'],
  ['a negative page size', { first: -1 }, 'first'],
  ['a forged cursor', { first: 2, after: 'bm90LWEtY3Vyc29y' }, 'after'],
  ['a household cursor on the person list', { first: 2, after: Buffer.from('household:1').toString('base64url') }, 'after'],
])('rejects %s with BAD_USER_INPUT', async (_label, vars, field) => {
  const res = await hub.query(PAGE, vars);
  expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
});
