import { startTestHub, type TestHub } from '../support/test-hub.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import { REFERENCE_DATE } from '../../src/seed/dates.js';

/**
 * hrss on the seeded demo county: the seed hook fills its tables, and its report dimensions and
 * warning rules agree with recounts computed here in TypeScript from plain rows.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ fixture: (c) => seedDemoData(c, { persons: 4000, county: '410823', seed: 5 }).then(() => undefined) });
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

/** Runs monitoring as of `asOf` through the admin mutation and returns the persons of the rule's open warnings, sorted. */
async function warnedPersons(rule: string, asOf: string): Promise<string[]> {
  const run = await hub.query(`mutation ($asOf: Date) { runMonitoring(asOf: $asOf) { id } }`, { asOf });
  expect(run.body.errors).toBeUndefined();
  const rows = await hub.sql<{ id: string }>(
    `select distinct unnest(person_ids)::text as id from monitoring.warning where rule_code = $1 and live and status = 'OPEN' order by 1`, [rule]);
  return rows.map((r) => r.id).sort();
}

const today = new Date().toISOString().slice(0, 10);
const activePairing = (r: { start_date: string; end_date: string | null }, on: string) => r.start_date <= on && (r.end_date == null || r.end_date >= on);
const dates = `to_char(start_date, 'YYYY-MM-DD') as start_date, to_char(end_date, 'YYYY-MM-DD') as end_date`;

it('seeds posts, pairings, attendance and assessments through the module hook', async () => {
  const [counts] = await hub.sql(`select (select count(*) from hrss.post)::int as posts, (select count(*) from hrss.pairing)::int as pairings,
    (select count(*) from hrss.attendance)::int as attendance, (select count(*) from hrss.assessment)::int as assessments`);
  expect(counts.posts).toBeGreaterThan(10);
  expect(counts.pairings).toBeGreaterThanOrEqual(counts.posts);
  // Every post helps someone: a post without a pairing would be a post without a purpose.
  expect(await hub.sql(`select id from hrss.post p where not exists (select 1 from hrss.pairing r where r.post_id = p.id)`)).toEqual([]);
  expect(counts.attendance).toBeGreaterThan(counts.posts);
  expect(counts.assessments).toBeGreaterThan(0);
  // Sequences moved past the COPY'd ids: a new post gets a fresh id.
  const [next] = await hub.sql(`select nextval(pg_get_serial_sequence('hrss.post', 'id'))::int as id`);
  expect(next.id).toBe(counts.posts + 1);
});

it('counts persons by mutual-aid role as a recount does', async () => {
  const persons = await hub.sql<{ id: string }>(`select id::text as id from core.person`);
  const holders = new Set((await hub.sql(`select person_id::text as id from hrss.post where status = 'ACTIVE'`)).map((r) => r.id));
  const helped = new Set((await hub.sql(`select person_id::text as id, ${dates} from hrss.pairing`)).filter((r) => activePairing(r, today)).map((r) => r.id));
  const expected: Record<string, number> = {};
  for (const { id } of persons) {
    const role = holders.has(id) ? (helped.has(id) ? 'BOTH' : 'HELPER') : helped.has(id) ? 'HELPED' : 'NONE';
    expected[role] = (expected[role] ?? 0) + 1;
  }
  const res = await hub.query(`query($input: ReportInput!) { report(input: $input) { rows { keys cells { value } } } }`, { input: { groupBy: ['MUTUAL_AID_ROLE'], subtotals: false } });
  expect(res.body.errors).toBeUndefined();
  const detail = res.body.data.report.rows.filter((r: { keys: unknown[] }) => r.keys[0] != null);
  expect(Object.fromEntries(detail.map((r: { keys: string[]; cells: Array<{ value: number }> }) => [r.keys[0], r.cells[0]!.value]))).toEqual(expected);
  expect(expected.HELPER! + (expected.BOTH ?? 0)).toBe(holders.size);
});

it('finds exactly the ineligible post holders a recount finds, and some exist', async () => {
  const rows = await hub.sql(`select post.person_id::text as id, h.registered_poor, p.labour_ability, ${dates} from hrss.post post
    join core.person p on p.id = post.person_id left join core.household h on h.id = p.household_id where post.status = 'ACTIVE'`);
  const expected = rows
    .filter((r) => activePairing(r, REFERENCE_DATE) && (!r.registered_poor || !['FULL', 'PARTIAL'].includes(r.labour_ability)))
    .map((r) => r.id);
  const found = await warnedPersons('HRSS_HOLDER_NOT_ELIGIBLE', REFERENCE_DATE);
  expect(found.length).toBeGreaterThan(0);
  expect(found).toEqual(expected.sort());
});

it('finds exactly the people helped whose holder missed attendance in the last three months', async () => {
  const asOf = REFERENCE_DATE;
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  const months = [1, 2, 3].map((back) => new Date(Date.UTC(y, m - 1 - back, 1)).toISOString().slice(0, 10));
  const activePosts = await hub.sql(`select id::text as id, to_char(date_trunc('month', start_date), 'YYYY-MM-DD') as start_month, ${dates} from hrss.post where status = 'ACTIVE'`);
  const posts = new Map(activePosts.filter((r) => activePairing(r, asOf)).map((r) => [r.id, r.start_month as string]));
  const attended = new Set((await hub.sql(`select post_id::text as post, to_char(month, 'YYYY-MM-DD') as month from hrss.attendance where days_present >= days_required * 0.5`)).map((r) => `${r.post}:${r.month}`));
  const living = new Set((await hub.sql(`select id::text as id from core.person where deceased_date is null`)).map((r) => r.id));
  const pairings = await hub.sql(`select person_id::text as helped, post_id::text as post, ${dates} from hrss.pairing order by person_id, id`);
  const expected = pairings
    .filter((r) => posts.has(r.post) && activePairing(r, asOf) && living.has(r.helped))
    .filter((r) => months.some((month) => month >= posts.get(r.post)! && !attended.has(`${r.post}:${month}`)))
    .map((r) => r.helped);
  const found = await warnedPersons('HRSS_ATTENDANCE_LAPSED', asOf);
  expect(found.length).toBeGreaterThan(0);
  expect(found).toEqual([...new Set(expected)].sort());
});
