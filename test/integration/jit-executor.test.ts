import { execute, parse, type ExecutionResult } from 'graphql';
import { createOperationPlanner } from '../../src/server/jit-executor.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { fixturePersons, loadCountyFixture } from '../fixtures/county-fixture.js';
import { buildSchema } from '../../src/server/schema.js';
import { departments } from '../../src/departments/registry.js';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { createContext } from '../../src/server/context.js';

/**
 * The hub executes with graphql-jit (src/server/jit-executor.ts). Its answers — data, errors,
 * paths, codes, masking — must be exactly graphql-js's on the same schema and caller.
 */
let hub: TestHub;
const schema = buildSchema(departments);
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});

const wang = fixturePersons[0]!;
const profiles = `civilAffairs { enrolments { id program status monthlyAmount provenance { department sourceRecordId } } careVisits { kind visitDate } }
  disability { certificates { category grade validUntil } } health { conditions { icd10Code name } medicalExpenses { year outOfPocket } }
  education { enrolments { stage leftBehind } } womensFederation { supportCases { kind status } }`;

/** [name, query, variables, compiled by graphql-jit from the second run on] */
const CASES: Array<[string, string, Record<string, unknown>, boolean]> = [
  ['the person graph with fragments and aliases', `fragment P on Person { id idNumber name phone age ${profiles} }
    query G($n: String!) { personByIdNumber(idNumber: $n) { ...P household { id householdNumber head { name } region { name parent { name } }
      finance { year income rigidExpenditure } members { ... on Person { ...P } alias: relationToHead } } } }`, { n: wang.idNumber }, true],
  ['a filtered page with @skip and @include', `query L($no: Boolean!) { persons(filter: { gender: FEMALE, or: [{ regionCode: "410823" }] }, first: 5) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id name idNumber @skip(if: $no) gender @include(if: $no) ...on Person @skip(if: $no) { phone } ${profiles} } } } }`, { no: true }, true],
  ['a page filtered by a variable of the recursive PersonFilter', `query V($f: PersonFilter) { persons(filter: $f, first: 5) { totalCount nodes { id name ${profiles} } } }`,
    { f: { gender: 'FEMALE', not: { regionCode: '410823999' } } }, false],
  ['a report with its input as a variable (ReportInput reaches PersonFilter)', `query R($input: ReportInput!) { report(input: $input) { rows { keys cells { value suppressed } } } }`,
    { input: { groupBy: ['GENDER'], measures: ['PERSONS'], filter: { and: [{ gender: 'FEMALE' }] } } }, false],
  ['a report', `{ report(input: { groupBy: [REGION_TOWNSHIP, GENDER], measures: [PERSONS, HOUSEHOLDS], subtotals: true }) { dimensions { key label } rows { keys labels cells { value suppressed } } } }`, {}, true],
  ['introspection', `{ __schema { queryType { name } types { name kind } } __type(name: "Person") { fields { name type { name kind ofType { name } } } } }`, {}, true],
];

async function viaGraphqlJs(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<ExecutionResult> {
  const auth = await createAuthenticator({ em: hub.hub.orm.em, jwt: null })(headers.authorization);
  if (auth.kind !== 'caller') throw new Error(`no caller: ${auth.kind}`);
  const contextValue = createContext({ requestId: 'graphql-js', caller: auth.caller, purpose: headers['x-purpose'] ?? null, em: hub.hub.orm.em, departments });
  return execute({ schema, document: parse(query), contextValue, variableValues: variables });
}

/** Errors as a client compares them. */
const comparable = (errors: ReadonlyArray<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }> | undefined) =>
  (errors ?? []).map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })).sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path)));

describe.each([
  ['an administrator', ['admin'], 'CASE_MANAGEMENT'],
  ['an education partner (other departments denied)', ['education'], 'CASE_MANAGEMENT'],
  ['the leading-group office (names and ID numbers masked)', ['leading-group-office'], 'CASE_MANAGEMENT'],
  ['a township official without a declared purpose', ['township-official'], null],
])('as %s', (_label, roles, purpose) => {
  it.each(CASES)('%s: same data and errors as graphql-js, first run and compiled', async (_name, query, variables) => {
    const headers = await hub.as(roles, { purpose, region: roles[0] === 'township-official' ? '410823001' : undefined });
    const reference = await viaGraphqlJs(query, variables, headers);
    for (const run of [1, 2, 3]) {
      const served = await hub.query(query, variables, headers);
      expect([run, served.body.data ?? null]).toEqual([run, JSON.parse(JSON.stringify(reference.data ?? null))]);
      expect([run, comparable(served.body.errors)]).toEqual([run, comparable(reference.errors)]);
    }
  });
});

it('compiles an operation on its second run, except one declaring a recursive input variable', () => {
  const planFor = createOperationPlanner(schema);
  for (const [name, query, , compiles] of CASES) {
    const document = parse(query);
    const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as never;
    // Recursive input variables are recognised before any compile is tried (graphql-jit would
    // recurse for seconds and hundreds of MB before failing on them).
    const first = planFor(document, operation, null);
    expect([name, first.compiled, first.interpreted]).toEqual([name, null, !compiles]);
    const second = planFor(document, operation, null);
    expect([name, second.compiled != null, second.interpreted]).toEqual([name, compiles, !compiles]);
    expect(planFor(document, operation, null).compiled).toBe(second.compiled);
  }
});

it('answers an invalid variable with 400 and the variable named, as graphql-js does', async () => {
  const res = await hub.query(`query($f: PersonFilter) { persons(filter: $f) { totalCount } }`, { f: { gender: 'UNKNOWN' } });
  expect(res.status).toBe(400);
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
  expect(res.body.errors![0]!.message).toMatch(/^Variable "\$f" got invalid value "UNKNOWN" at "f\.gender"/);
});

it('the comparison above covers denied fields, masking and region scope, not only clean answers', async () => {
  const [graph] = CASES;
  const education = await hub.query(graph![1], graph![2], await hub.as(['education']));
  const office = await hub.query(graph![1], graph![2], await hub.as(['leading-group-office']));
  const official = await hub.query(graph![1], graph![2], await hub.as(['township-official'], { purpose: null, region: '410823001' }));
  const admin = await hub.query(graph![1], graph![2], await hub.as(['admin']));
  expect(admin.body.errors).toBeUndefined();
  expect(admin.body.data.personByIdNumber.household.members.length).toBeGreaterThan(1);
  expect(education.body.errors!.map((e) => e.extensions?.code)).toContain('UNAUTHORIZED_FIELD_OR_TYPE');
  expect(office.body.data.personByIdNumber.idNumber).not.toBe(wang.idNumber);
  expect(office.body.data.personByIdNumber.idNumber).toMatch(/\*/);
  expect(JSON.stringify(official.body)).not.toContain(wang.idNumber);
});
