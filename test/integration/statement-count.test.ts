import { startTestHub, type TestHub } from '../support/test-hub.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import { DEPARTMENT_PROFILES, fullGraphQuery } from '../support/full-graph-query.js';
import { openIdNumber } from '../support/field-values.js';

/**
 * No N+1: the full person graph — household, head, members, village, finance and all five
 * department profiles for every person and every member — costs no more SQL statements for a
 * page of 50 than for a page of 5.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({
    fixture: async (client) => {
      await seedDemoData(client, { persons: 600, county: '410823', seed: 7 });
    },
  });
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

const profiles = DEPARTMENT_PROFILES;
const FULL_GRAPH = fullGraphQuery(profiles);

async function statementsFor(first: number) {
  const headers = await hub.as('admin'); // created before counting: key creation is not part of the request
  // Verified once before counting: the server remembers a verified key for 30 s (verified-key-cache.ts).
  await hub.query('{ __typename }', {}, headers);
  const { result, statements } = await hub.countStatements(() => hub.query(FULL_GRAPH, { first }, headers));
  expect(result.body.errors).toBeUndefined();
  expect(result.body.data.persons.nodes).toHaveLength(first);
  return { statements, data: result.body.data };
}

it('a page of 50 full person graphs issues no more statements than a page of 5, and no more than 15', async () => {
  // The hub's first audit write takes a chain head under a row lock (two statements); later ones
  // append after the head it last wrote (one statement, docs/security.md): both pages count the latter.
  await statementsFor(5);
  const small = await statementsFor(5);
  const large = await statementsFor(50);
  // Not more statements for ten times the persons. Fewer is possible: members who are on the page
  // themselves had their records read with the page, and a larger page covers more of them.
  expect(large.statements.length).toBeLessThanOrEqual(small.statements.length);
  expect(large.statements.length).toBeGreaterThanOrEqual(small.statements.length - 1);
  expect(large.statements.length).toBeLessThanOrEqual(15);
  // The page really is rich: members and department records came back.
  const members = large.data.persons.nodes.flatMap((n: any) => n.household?.members ?? []);
  expect(members.length).toBeGreaterThan(50);
  const records = large.data.persons.nodes.filter((n: any) => n.health.familyDoctorContracts.length > 0);
  expect(records.length).toBeGreaterThan(0);
  // Its audit: one row per person disclosed, holding all of that person's fields — every person's
  // name, the idNumber of the 50 on the page (members, heads and link ends are often the same
  // persons), and the paired teacher's name (a third party's) for every pupil shown with a pairing.
  const [audit] = await hub.sql<{ rows: number; persons: number; disclosures: number; teachers: number }>(
    `select count(*)::int as rows, count(distinct person_id)::int as persons,
       sum(cardinality(array_remove(fields, 'TeacherPairing.teacherName')))::int as disclosures,
       count(*) filter (where 'TeacherPairing.teacherName' = any(fields))::int as teachers
     from core.audit_event where request_id = (select request_id from core.audit_event order by id desc limit 1)`,
  );
  expect(audit!.rows).toBe(audit!.persons);
  expect(audit!.disclosures - audit!.rows).toBe(50);
  const shown = [...large.data.persons.nodes, ...members];
  const pupilsWithTeacher = new Set(shown.filter((p: any) => p.education.teacherPairings.length > 0).map((p: any) => p.id));
  expect(pupilsWithTeacher.size).toBeGreaterThan(0);
  expect(audit!.teachers).toBe(pupilsWithTeacher.size);
  // One each for: the page, totalCount, households, members, regions (2 levels), links,
  // person records, household finance, member records, link ends … and the audit insert.
  console.info(`statement count: page of 5 → ${small.statements.length}, page of 50 → ${large.statements.length}\n${large.statements.map((s) => s.slice(0, 90)).join('\n')}`);
});

async function largestHouseholdMember() {
  const [subject] = await hub.sql<{ id: string; id_number: string; members: string }>(
    `select p.id::text as id, p.id_number, (select count(*) from core.person m where m.household_id = p.household_id)::text as members
     from core.person p where p.household_id is not null order by (select count(*) from core.person m where m.household_id = p.household_id) desc, p.id limit 1`,
  );
  return { ...subject!, id_number: openIdNumber(subject!.id_number) };
}

it('a person by ID number with household, members and everyone’s records costs two statements: graph with records, the audit insert that appends to the chain', async () => {
  const subject = await largestHouseholdMember();
  const headers = await hub.as('admin');
  await hub.query('{ __typename }', {}, headers);
  const query = `query($idNumber: String!) { personByIdNumber(idNumber: $idNumber) { id name ${profiles} household { householdNumber members { id name ${profiles} } } } }`;
  // An audited request before counting: the hub's first audit write takes a chain head under a row lock.
  await hub.query(`{ person(id: "${subject.id}") { idNumber } }`, {}, headers);
  // The first run is interpreted by graphql-js, later ones run compiled by graphql-jit: both read ahead.
  for (const run of [1, 2, 3]) {
    const { result, statements } = await hub.countStatements(() => hub.query(query, { idNumber: subject.id_number }, headers));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.personByIdNumber.household.members).toHaveLength(Number(subject.members));
    expect([run, statements.length]).toEqual([run, 2]);
    expect(statements[0]).toContain('household_graph');
    expect(statements[0]).toContain('health.family_doctor_contract');
    // The audit write is one statement: it inserts the linked rows after the head this hub last
    // wrote and moves it, if no one else did (otherwise a locked take follows; docs/security.md).
    expect(statements[1]).toContain('insert into core.audit_event');
    expect(statements[1]).toContain('for update skip locked');
  }
});

it('records read ahead with the person graph equal the records the loader reads on its own', async () => {
  const subject = await largestHouseholdMember();
  const headers = await hub.as('admin');
  // Named fragments and inline fragments are followed by the look-ahead too.
  const ahead = `fragment P on Person { ${profiles} }
    query($idNumber: String!) { personByIdNumber(idNumber: $idNumber) { id ...P household { members { id ... on Person { ...P } } } } }`;
  // person(id) has no look-ahead: each record list goes through the record loader.
  const loaded = `query($id: ID!) { person(id: $id) { id ${profiles} household { members { id ${profiles} } } } }`;
  const a = await hub.countStatements(() => hub.query(ahead, { idNumber: subject.id_number }, headers));
  const b = await hub.countStatements(() => hub.query(loaded, { id: subject.id }, headers));
  expect(a.result.body.errors).toBeUndefined();
  expect(b.result.body.errors).toBeUndefined();
  expect(a.result.body.data.personByIdNumber).toEqual(b.result.body.data.person);
  const lists = (a.result.body.data.personByIdNumber.household.members as any[]).flatMap((m) => [m.civilAffairs.enrolments, m.health.familyDoctorContracts, m.disability.certificates]);
  expect(lists.some((l) => l.length > 0)).toBe(true);
  expect(a.statements.length).toBeLessThan(b.statements.length);
});

it('a page of persons reads the records its nodes ask for in the page statement', async () => {
  const headers = await hub.as('admin');
  await hub.query('{ __typename }', {}, headers);
  const query = `query { persons(first: 20) { nodes { id civilAffairs { enrolments { id program } } health { conditions { id icd10Code } } } } }`;
  const { result, statements } = await hub.countStatements(() => hub.query(query, {}, headers));
  expect(result.body.errors).toBeUndefined();
  // Page and count (20 < all persons), then the audit of the disclosed diagnoses; no record statement.
  expect(statements.filter((s) => s.includes('from unnest'))).toEqual(statements.filter((s) => s.includes('audit_event')));
  expect(statements[0]).toContain('health.condition');
  const [{ n }] = await hub.sql<{ n: string }>(
    `select count(*)::text as n from health.condition where person_id in (select id from core.person order by id limit 20)`,
  );
  const served = (result.body.data.persons.nodes as any[]).reduce((sum, p) => sum + p.health.conditions.length, 0);
  expect(served).toBe(Number(n));
});

it('totalCount comes in the page statement when asked for, and costs nothing when not', async () => {
  const headers = await hub.as('admin');
  await hub.query('{ __typename }', {}, headers);
  const [{ township, n }] = await hub.sql<{ township: string; n: string }>(
    `select left(h.region_code, 9) as township, count(*)::text as n from core.person p join core.household h on h.id = p.household_id group by 1 order by 2 limit 1`,
  );
  const query = `query($filter: PersonFilter!, $first: Int) { persons(filter: $filter, first: $first) { totalCount nodes { id } } }`;
  // The whole result on one page, and a page of 1 of it: one statement each (no audit: no sensitive field).
  for (const first of [500, 1]) {
    const { result, statements } = await hub.countStatements(() => hub.query(query, { filter: { regionCode: township }, first }, headers));
    expect(result.body.data.persons).toMatchObject({ totalCount: Number(n) });
    expect(result.body.data.persons.nodes).toHaveLength(Math.min(first, Number(n)));
    expect([first, statements.length]).toEqual([first, 1]);
  }
  // Past the last match the page is empty and carries no count: it is counted on its own.
  const all = await hub.query(`query($filter: PersonFilter!) { persons(filter: $filter, first: 500) { pageInfo { endCursor } } }`, { filter: { regionCode: township } }, headers);
  const cursor = all.body.data.persons.pageInfo.endCursor;
  const past = await hub.query(`query($filter: PersonFilter!, $after: String) { persons(filter: $filter, first: 5, after: $after) { totalCount nodes { id } } }`, { filter: { regionCode: township }, after: cursor }, headers);
  expect(past.body.errors).toBeUndefined();
  expect(past.body.data.persons).toEqual({ totalCount: Number(n), nodes: [] });
  // Not asked for: no count anywhere.
  const noCount = await hub.countStatements(() => hub.query(`query($filter: PersonFilter!) { persons(filter: $filter, first: 1) { nodes { id } } }`, { filter: { regionCode: township } }, headers));
  expect(noCount.statements.filter((s) => s.includes('count('))).toEqual([]);
});
