import pino from 'pino';
import { getNamedType, getOperationAST, isLeafType, parse, type GraphQLObjectType } from 'graphql';
import { departments } from '../../src/departments/registry.js';
import { grantsFor } from '../../src/auth/grants.js';
import { ROLES } from '../../src/auth/policy.js';
import { INTERNAL_HEADER, signClaims } from '../../src/federation/internal-token.js';
import { createSubgraphHub, type SubgraphHub } from '../../src/federation/subgraph-hub.js';
import { buildSubgraphExecutableSchema } from '../../src/federation/subgraph-schema.js';
import { loadColumnCatalog } from '../../src/compiled-read/column-catalog.js';
import { createCompiledReads } from '../../src/compiled-read/compiled-reads.js';
import { personRecordKindOf } from '../../src/core/record-fields.js';
import { fixturePersons, loadCountyFixture } from '../fixtures/county-fixture.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { openIdNumber } from '../support/field-values.js';

/**
 * A subgraph's entity fetches and root reads go through the monolith's compiled-read path
 * (src/compiled-read/, src/federation/subgraph-compiled-reads.ts): for a caller the access
 * wrapper would let through unchanged, one statement answers a fetch for N persons. Each request
 * is sent to the same subgraph twice — compiled reads on, and off (the resolver path) — on one
 * database, and must get the same status, body (data, masks, nulls, error paths) and audit rows,
 * for the office, a department partner, a township official and the admin.
 */
let db: TestHub;
const SUBGRAPHS = ['core', 'civil-affairs', 'health'] as const;
type Mode = 'compiled' | 'resolvers';
const hubs: Record<Mode, Map<string, { hub: SubgraphHub; url: string }>> = { compiled: new Map(), resolvers: new Map() };
const secret = 'a-shared-test-secret-for-compiled-entities-0123456789';
const profiles = new Map<string, string>();

beforeAll(async () => {
  db = await startTestHub({ fixture: loadCountyFixture });
  const saved = process.env.CAREGRAPH_COMPILED_READS;
  try {
    for (const mode of ['compiled', 'resolvers'] as const) {
      process.env.CAREGRAPH_COMPILED_READS = mode === 'compiled' ? '1' : '0';
      for (const name of SUBGRAPHS) {
        const hub = await createSubgraphHub({ url: db.dbUrl, subgraph: name, departments, logger: pino({ level: 'silent' }), secret, poolMax: 2 });
        hubs[mode].set(name, { hub, url: `${await hub.app.listen({ port: 0, host: '127.0.0.1' })}/graphql` });
      }
    }
  } finally {
    if (saved === undefined) delete process.env.CAREGRAPH_COMPILED_READS;
    else process.env.CAREGRAPH_COMPILED_READS = saved;
  }
  const catalog = await loadColumnCatalog(db.hub.orm.em, ['core', ...departments.map((d) => d.dbSchema)]);
  for (const name of SUBGRAPHS.filter((n) => n !== 'core')) profiles.set(name, compiledProfile(name, catalog));
}, 180_000);
afterAll(async () => {
  for (const mode of Object.values(hubs)) for (const { hub } of mode.values()) await hub.close();
  await db?.close();
});

/** `<profile> { <list> { every leaf the SQL answers } … }` of a department subgraph, each leaf checked by compiling it alone. */
function compiledProfile(subgraph: string, catalog: Awaited<ReturnType<typeof loadColumnCatalog>>): string {
  const { schema } = buildSubgraphExecutableSchema(departments, subgraph);
  const reads = createCompiledReads(schema, catalog, departments, db.hub.orm.em, { entities: 'key' });
  const department = departments.find((d) => d.code === subgraph)!;
  const profile = getNamedType((schema.getType('Person') as GraphQLObjectType).getFields()[department.personField]!.type) as GraphQLObjectType;
  const compiles = (selection: string) => {
    const document = parse(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${selection} } } }`);
    return 'plan' in reads.planFor(document, getOperationAST(document)!);
  };
  const lists = Object.values(profile.getFields())
    .filter((f) => personRecordKindOf(f))
    .map((f) => {
      const record = getNamedType(f.type) as GraphQLObjectType;
      const leaves = Object.values(record.getFields()).filter((l) => isLeafType(getNamedType(l.type)) && compiles(`${department.personField} { ${f.name} { ${l.name} } }`));
      return `${f.name} { ${leaves.map((l) => l.name).join(' ')} }`;
    });
  return `${department.personField} { __typename ${lists.join(' ')} }`;
}

const callerFor = (role: string) => {
  const region = ROLES[role]!.region.rule === 'required' ? '410823101' : null;
  return { ...grantsFor([role]), id: `caller:${role}`, name: role, kind: 'system' as const, roles: [role], regionPrefix: region };
};

let requests = 0;
/** One signed request to a subgraph (as the gateway sends it); its answer, the statements it ran, and its audit rows. */
async function send(mode: Mode, subgraph: string, role: string, query: string, variables: Record<string, unknown>) {
  const { hub, url } = hubs[mode].get(subgraph)!;
  const requestId = `compiled-entities-${++requests}`;
  const token = signClaims(secret, {
    caller: callerFor(role),
    purpose: ROLES[role]!.purposes.includes('CASE_MANAGEMENT') ? 'CASE_MANAGEMENT' : ROLES[role]!.purposes[0]!,
    requestId,
    operationName: 'Probe',
    audience: subgraph,
    expires: Math.floor(Date.now() / 1000) + 30,
  });
  const statements: string[] = [];
  const listener = (q: { sql: string }) => statements.push(q.sql);
  const knex = hub.orm.em.getConnection().getKnex();
  knex.on('query', listener);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: token }, body: JSON.stringify({ query, variables }) });
  } finally {
    knex.off('query', listener);
  }
  const body = await res.json();
  const audit = await db.sql<{ entry: string }>(
    `select concat_ws('|', caller_id, purpose, operation_name, person_id, household_id, f) as entry
       from core.audit_event, unnest(fields) f where request_id = $1 order by 1`,
    [requestId],
  );
  return { status: res.status, body, audit: audit.map((a) => a.entry), reads: statements.filter((s) => !/audit/.test(s)) };
}

/** The same request both ways; the compiled answer, after checking it equals the resolver path's. */
async function bothWays(subgraph: string, role: string, query: string, variables: Record<string, unknown> = {}) {
  const compiled = await send('compiled', subgraph, role, query, variables);
  const resolvers = await send('resolvers', subgraph, role, query, variables);
  expect({ role, subgraph, status: compiled.status, body: compiled.body, audit: compiled.audit }).toEqual({ role, subgraph, status: resolvers.status, body: resolvers.body, audit: resolvers.audit });
  return { ...compiled, compiledStatement: compiled.reads.length === 1 && compiled.reads[0]!.startsWith('select json_build_object(') };
}

const ROLES_UNDER_TEST = ['leading-group-office', 'civil-affairs', 'township-official', 'admin'];
/** Persons 1–3 live in 城关镇 (…101), 5 in 西陶镇 (…102); 9999 does not exist; 1 comes twice, as in a batch of a person and its household's members. */
const IDS = ['1', '2', '5', '3', '9999', '1'];
const reps = (ids: string[], typename = 'Person') => ids.map((id) => ({ __typename: typename, id }));
const entities = (selection: string) => `query Probe($r: [_Any!]!) { _e0: _entities(representations: $r) { __typename ... on Person { __typename id ${selection} } } }`;
const CORE_PERSON = `name idNumber phone birthDate household { id householdNumber address members { id name relationToHead } }`;

describe.each(ROLES_UNDER_TEST)('as %s', (role) => {
  it.each(['civil-affairs', 'health'])("a department subgraph's _entities for several persons answers as its resolvers do (%s)", async (subgraph) => {
    const res = await bothWays(subgraph, role, entities(profiles.get(subgraph)!), { r: reps(IDS) });
    const entries = res.body.data?._e0 as Array<Record<string, unknown> | null> | undefined;
    const denied = (res.body.errors ?? []).filter((e: { extensions: { code: string } }) => e.extensions.code === 'UNAUTHORIZED_FIELD_OR_TYPE');
    // A department's entity is its key alone, in or out of the caller's region (as its resolvers have it).
    expect(entries?.map((e) => e?.id)).toEqual(IDS);
    if (role === 'civil-affairs' && subgraph === 'health') {
      // Denied the whole profile: the coded error at each entity's path, the siblings (id, __typename) resolved.
      expect(denied.map((e: { path: unknown[] }) => e.path)).toEqual(IDS.map((_id, i) => ['_e0', i, 'health']));
      expect(entries!.every((e) => e!.__typename === 'Person' && e!.health === null)).toBe(true);
    }
    // Whole access (no mask, no denial) is one statement building the answer; anything else is the resolver path.
    const whole = role === 'admin' || (role !== 'leading-group-office' && subgraph === 'civil-affairs');
    expect({ role, subgraph, compiled: res.compiledStatement }).toEqual({ role, subgraph, compiled: whole });
    if (whole) expect(res.reads[0]).toContain('with ordinality');
    // The care target's responsible person (person 3's, a third party's name) is disclosed, and audited, by the compiled statement too.
    if (subgraph === 'civil-affairs' && role !== 'leading-group-office') expect(res.audit).toContain(`caller:${role}|CASE_MANAGEMENT|Probe|3|CareTarget.responsiblePerson`);
  });

  it("core's _entities keeps order and gives null for unknown and out-of-region ids, as its loaders do", async () => {
    const res = await bothWays('core', role, entities(CORE_PERSON), { r: reps(IDS) });
    const entries = res.body.data._e0 as Array<Record<string, unknown> | null>;
    const confined = ROLES[role]!.region.rule === 'required';
    expect(entries.map((e) => e?.id ?? null)).toEqual(IDS.map((id) => (id === '9999' || (confined && id === '5') ? null : id)));
    expect(res.compiledStatement).toBe(role !== 'leading-group-office');
    if (role === 'leading-group-office') expect(entries[0]!.name).not.toBe(fixturePersons[0]!.name); // masked
    else expect(res.audit.length).toBeGreaterThan(0);
  });

  it("core's root field reads as its resolvers do", async () => {
    const query = `query Probe($n: String!) { personByIdNumber(idNumber: $n) { __typename id ${CORE_PERSON} } }`;
    const [{ id_number }] = await db.sql<{ id_number: string }>(`select id_number from core.person where id = 1`);
    const res = await bothWays('core', role, query, { n: openIdNumber(id_number) });
    expect(res.body.data.personByIdNumber.id).toBe('1');
    expect(res.compiledStatement).toBe(role !== 'leading-group-office');
  });
});

describe('what cannot be compiled keeps the resolver path, and answers as before', () => {
  const cases: Array<[string, string, string, Record<string, unknown>]> = [
    ['a field with arguments (Household.finance(year:))', 'civil-affairs', `query Probe($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id finance(year: 2025) { year income rigidExpenditure } } } }`, { r: reps(['1', '2'], 'Household') }],
    ['a representation of another type than the one selected', 'civil-affairs', entities('civilAffairs { enrolments { id } }'), { r: [...reps(['1']), ...reps(['1'], 'Household')] }],
    ['an id the SQL would not echo as given', 'civil-affairs', entities('civilAffairs { enrolments { id program } }'), { r: reps(['1', '007']) }],
    ['a directive in the selection', 'civil-affairs', `query Probe($r: [_Any!]!) { _entities(representations: $r) { ... on Person { civilAffairs @include(if: true) { enrolments { id } } } } }`, { r: reps(['1', '2']) }],
    ['core entities of two types in one fetch', 'core', `query Probe($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name } ... on Household { id householdNumber } } }`, { r: [...reps(['1']), ...reps(['1'], 'Household')] }],
  ];
  it.each(cases)('%s', async (_label, subgraph, query, variables) => {
    for (const role of ['admin', 'township-official']) {
      const res = await bothWays(subgraph, role, query, variables);
      expect(res.compiledStatement).toBe(false);
      expect(res.body.data).toBeTruthy();
    }
  });
});
