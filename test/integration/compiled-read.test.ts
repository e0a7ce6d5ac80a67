import { execute, getNamedType, getOperationAST, isLeafType, isObjectType, parse, type ExecutionResult, type GraphQLObjectType } from 'graphql';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { fixturePersons, loadCountyFixture } from '../fixtures/county-fixture.js';
import { buildSchema } from '../../src/server/schema.js';
import { departments } from '../../src/departments/registry.js';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { createContext } from '../../src/server/context.js';
import { loadColumnCatalog } from '../../src/compiled-read/column-catalog.js';
import { createCompiledReads, type CompiledReads } from '../../src/compiled-read/compiled-reads.js';
import { personRecordKindOf } from '../../src/core/record-fields.js';
import type { AuditEntry } from '../../src/contract/audit-entry.js';
import { CAREGRAPH } from '../../bench/support/comparison-queries.js';
import { leafSql } from '../../src/compiled-read/leaf-sql.js';
import { GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLString, type GraphQLScalarType } from 'graphql';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../../src/core/scalars.js';

/**
 * Reads compiled to one SQL statement (src/compiled-read/) must answer exactly as the resolver
 * path does — the same data and the same audit disclosures — and must leave every request the
 * access wrapper would mask, deny or reject to the resolver path.
 */
let hub: TestHub;
let reads: CompiledReads;
const schema = buildSchema(departments);
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
  reads = createCompiledReads(schema, await loadColumnCatalog(hub.hub.orm.em, ['core', ...departments.map((d) => d.dbSchema)]), departments, hub.hub.orm.em);
});
afterAll(async () => {
  await hub?.close();
});

async function contextFor(headers: Record<string, string>, requestId: string) {
  const auth = await createAuthenticator({ em: hub.hub.orm.em, jwt: null })(headers.authorization);
  if (auth.kind !== 'caller') throw new Error(`no caller: ${auth.kind}`);
  return createContext({ requestId, caller: auth.caller, purpose: headers['x-purpose'] || null, em: hub.hub.orm.em, departments });
}

/** The resolver path (graphql-js over the enforced schema): its data and the disclosures it pushed. */
async function viaResolvers(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const ctx = await contextFor(headers, 'resolvers');
  const result = (await execute({ schema, document: parse(query), contextValue: ctx, variableValues: variables })) as ExecutionResult;
  return { result: JSON.parse(JSON.stringify(result)) as ExecutionResult, audit: ctx.audit };
}

/** The compiled path: its answer (null = left to the resolvers) and the disclosures it pushed. */
async function viaSql(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const ctx = await contextFor(headers, 'compiled');
  const document = parse(query);
  const served = await reads.serve(document, getOperationAST(document)!, ctx, variables);
  return { served, audit: ctx.audit };
}

/** Disclosures as a set: the audit log keeps one disclosure per person × field however often a value appears. */
const disclosures = (entries: AuditEntry[]) => [...new Set(entries.map((e) => `${e.personId}|${e.householdId}|${e.field}`))].sort();

const compiles = (query: string) => {
  const document = parse(query);
  return 'plan' in reads.planFor(document, getOperationAST(document)!);
};

/** Every field of `type` the SQL answers, found by compiling `wrap(field)` for each leaf. */
function compiledLeaves(type: GraphQLObjectType, wrap: (selection: string) => string): string[] {
  return Object.values(type.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && compiles(wrap(f.name)))
    .map((f) => f.name);
}

/** `department { list { every compiled field } }` for every department and record list. */
function allProfiles(): string {
  const person = schema.getType('Person') as GraphQLObjectType;
  return departments
    .map((d) => {
      const profile = getNamedType(person.getFields()[d.personField]!.type) as GraphQLObjectType;
      const lists = Object.values(profile.getFields())
        .filter((f) => personRecordKindOf(f))
        .map((f) => {
          const record = getNamedType(f.type) as GraphQLObjectType;
          return `${f.name} { ${compiledLeaves(record, (leaf) => `{ person(id: "1") { ${d.personField} { ${f.name} { ${leaf} } } } }`).join(' ')} }`;
        });
      return `${d.personField} { __typename ${lists.join(' ')} }`;
    })
    .join(' ');
}

describe('answers as the resolvers do', () => {
  const admin = () => hub.as('admin');

  it('compiles the columns, relations and record lists it claims, and leaves computed fields to the resolvers', () => {
    const personLeaves = compiledLeaves(schema.getType('Person') as GraphQLObjectType, (f) => `{ person(id: "1") { ${f} } }`);
    expect(personLeaves).toEqual(
      expect.arrayContaining(['id', 'idNumber', 'name', 'gender', 'birthDate', 'ethnicity', 'phone', 'address', 'relationToHead', 'labourAbility', 'selfCareAbility', 'deceasedDate']),
    );
    expect(personLeaves).not.toContain('age');
    const householdLeaves = compiledLeaves(schema.getType('Household') as GraphQLObjectType, (f) => `{ household(id: "1") { ${f} } }`);
    expect(householdLeaves).toEqual(expect.arrayContaining(['id', 'householdNumber', 'address', 'registeredPoor', 'registeredPoorYear', 'monitoringStatus', 'consentDate']));
    expect(compiles(CAREGRAPH.Q1)).toBe(true);
    // Computed fields, fields with arguments below the root, lists and directives stay on the resolver path.
    for (const query of [
      `{ person(id: "1") { links { kind } } }`,
      `{ person(id: "1") { household { region { name } } } }`,
      `{ person(id: "1") { disability { certificates { category } } } }`,
      `{ persons(first: 5) { nodes { id } } }`,
      `query($no: Boolean!) { person(id: "1") { name @skip(if: $no) } }`,
      `mutation { __typename }`,
      `{ person(id: "1") { civilAffairs { enrolments { provenance { department } } } } }`,
    ]) {
      expect([query, compiles(query)]).toEqual([query, false]);
    }
  });

  it('gives every person the same data and disclosures for every compiled field, with household and members', async () => {
    const person = schema.getType('Person') as GraphQLObjectType;
    const household = schema.getType('Household') as GraphQLObjectType;
    const personLeaves = compiledLeaves(person, (f) => `{ person(id: "1") { ${f} } }`).join(' ');
    const householdLeaves = compiledLeaves(household, (f) => `{ household(id: "1") { ${f} } }`).join(' ');
    const profiles = allProfiles();
    const query = `query All($id: ID!) { person(id: $id) { __typename ${personLeaves} ${profiles} household { ${householdLeaves} members { ${personLeaves} ${profiles} } } } }`;
    expect(compiles(query)).toBe(true);
    const headers = await admin();
    let disclosed = 0;
    for (const { id } of fixturePersons) {
      const reference = await viaResolvers(query, { id: String(id) }, headers);
      expect(reference.result.errors).toBeUndefined();
      const compiled = await viaSql(query, { id: String(id) }, headers);
      expect(compiled.served).toEqual({ data: reference.result.data });
      expect(disclosures(compiled.audit)).toEqual(disclosures(reference.audit));
      disclosed += disclosures(compiled.audit).length;
    }
    expect(disclosed).toBeGreaterThan(50);
  });

  it('answers the benchmark person graph (Q1), fragments, aliases and repeated keys alike', async () => {
    const headers = await admin();
    const cases: Array<[string, Record<string, unknown>]> = [
      [CAREGRAPH.Q1, { idNumber: fixturePersons[0]!.idNumber }],
      [CAREGRAPH.Q1, { idNumber: fixturePersons[5]!.idNumber.toLowerCase() }],
      [
        `fragment P on Person { id idNumber who: name ... on Person { phone } disability { certificates { certificateNumber grade } } }
         query F($n: String!) { me: personByIdNumber(idNumber: $n) { ...P __typename household { __typename address members { ...P relationToHead } members { birthDate } } }
           again: person(id: "2") { name } }`,
        { n: fixturePersons[1]!.idNumber },
      ],
      [`{ person(id: "6") { name civilAffairs { custodyAgreements { id } } household { members { name } } } }`, {}],
    ];
    for (const [query, variables] of cases) {
      const reference = await viaResolvers(query, variables, headers);
      expect(reference.result.errors).toBeUndefined();
      const compiled = await viaSql(query, variables, headers);
      expect(compiled.served).toEqual({ data: reference.result.data });
      expect(disclosures(compiled.audit)).toEqual(disclosures(reference.audit));
    }
  });

  it('confines a region-scoped caller: inside the region the same answer, outside left to the resolvers (NOT_FOUND)', async () => {
    const headers = await hub.as('township-official', { region: '410823101' });
    const query = `query($id: ID!) { person(id: $id) { id name gender household { householdNumber monitoringStatus members { id name relationToHead } } } }`;
    for (const id of ['1', '4', '8']) {
      const inside = await viaSql(query, { id }, headers);
      const reference = await viaResolvers(query, { id }, headers);
      expect(inside.served).not.toBeNull();
      expect(inside.served).toEqual({ data: reference.result.data });
      expect(disclosures(inside.audit)).toEqual(disclosures(reference.audit));
    }
    expect((await viaSql(query, { id: '5' }, headers)).served).toBeNull();
    expect((await viaResolvers(query, { id: '5' }, headers)).result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The same statement without the region scope finds person 5: the scope is what excluded it.
    expect((await viaSql(query, { id: '5' }, await hub.as('admin'))).served).not.toBeNull();
  });
});

it('renders every leaf type in SQL exactly as its serializer renders the row value the resolvers get', async () => {
  // [scalar, column type, literal]: the resolver path reads rows through json_agg (records) and serializes them.
  const cases: Array<[GraphQLScalarType, string, string]> = [
    // (Above 2^53 the row path's JSON number loses digits and the SQL's text does not; ids are far below.)
    [GraphQLID, 'bigint', '12345678901'],
    [GraphQLString, 'text', `'王建国 "x"'`],
    [GraphQLInt, 'integer', '-42'],
    [GraphQLFloat, 'double precision', '0.1'],
    [GraphQLFloat, 'numeric', '1234.5'],
    [GraphQLBoolean, 'boolean', 'true'],
    [DateScalar, 'date', `'2024-02-29'`],
    [DateTimeScalar, 'timestamp with time zone', `'2026-11-24 13:26:00.123987+08'`],
    [DateTimeScalar, 'timestamp with time zone', `'1999-12-31 23:59:59.9999+00'`],
    [MoneyScalar, 'numeric', '1234.5'],
    [MoneyScalar, 'numeric', '-0.07'],
  ];
  for (const [scalar, dataType, literal] of cases) {
    const render = leafSql(scalar, { dataType, nullable: true })!;
    expect([scalar.name, dataType, typeof render]).toEqual([scalar.name, dataType, 'function']);
    const [row] = await hub.sql(`select json_build_object('v', ${render('x.v')}) as compiled, json_agg(x) -> 0 as raw from (select ${literal}::${dataType} as v) x group by x.v`);
    expect([scalar.name, literal, row.compiled.v]).toEqual([scalar.name, literal, scalar.serialize(row.raw.v)]);
  }
  // A column whose type the serializer would read differently keeps the resolver.
  expect(leafSql(GraphQLString, { dataType: 'integer', nullable: true })).toBeNull();
  expect(leafSql(GraphQLInt, { dataType: 'bigint', nullable: true })).toBeNull();
  expect(leafSql(DateScalar, { dataType: 'timestamp with time zone', nullable: true })).toBeNull();
});

describe('leaves to the resolver path', () => {
  const graph = `query($n: String!) { personByIdNumber(idNumber: $n) { id idNumber name household { members { name } } disability { certificates { certificateNumber } } } }`;
  const n = fixturePersons[1]!.idNumber;

  it.each([
    ['a caller who sees names and ID numbers masked', ['leading-group-office'], 'STATISTICS'],
    ['a caller without a declared purpose', ['admin'], null],
    ['a caller declaring a purpose its roles do not allow', ['civil-affairs'], 'STATISTICS'],
    ['a caller denied a department (the disability profile)', ['education'], 'CASE_MANAGEMENT'],
  ])('%s', async (_label, roles, purpose) => {
    const headers = await hub.as(roles, { purpose });
    const compiled = await viaSql(graph, { n }, headers);
    expect(compiled.served).toBeNull();
    expect(compiled.audit).toEqual([]);
    // What the resolvers do instead differs from the whole unmasked answer: masked values or errors.
    const reference = await viaResolvers(graph, { n }, headers);
    const whole = await viaResolvers(graph, { n }, await hub.as('admin'));
    expect(reference.result).not.toEqual(whole.result);
  });

  it.each([
    ['an ID number that is not one', { n: '41082319X' }],
    ['an ID number nobody has', { n: '110105194912310021' }],
  ])('%s (the resolver reports the error)', async (_label, variables) => {
    const headers = await hub.as('admin');
    expect((await viaSql(graph, variables, headers)).served).toBeNull();
    const reference = await viaResolvers(graph, variables, headers);
    expect(reference.result.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|NOT_FOUND/);
  });
});

describe('over HTTP', () => {
  it('serves a whole-access person graph with one statement plus the audit write (one guarded INSERT, or a locked chain head and the INSERT), and audits every disclosure', async () => {
    const headers = await hub.as('admin');
    const variables = { idNumber: fixturePersons[0]!.idNumber };
    const reference = await viaResolvers(CAREGRAPH.Q1, variables, headers);
    await hub.query('{ __typename }', {}, headers); // the key is verified once, then cached
    const { result, statements } = await hub.countStatements(() => hub.query(CAREGRAPH.Q1, variables, headers));
    expect(result.body).toEqual({ data: reference.result.data });
    expect(statements.filter((s) => s.startsWith('select json_build_object('))).toHaveLength(1);
    expect(statements.filter((s) => !/audit_event|audit_chain_take/.test(s))).toHaveLength(1);
    const audited = await hub.query(`query($p: ID) { auditEvents(personId: $p, first: 500) { nodes { field requestId } } }`, { p: '1' }, await hub.as('auditor', { purpose: 'AUDIT' }));
    const fields = new Set(audited.body.data.auditEvents.nodes.map((e: { field: string }) => e.field));
    for (const field of ['Person.idNumber', 'Person.name', 'Person.birthDate', 'Person.phone']) expect(fields).toContain(field);
  });

  it('answers a masked caller through the resolvers, masks applied', async () => {
    const res = await hub.query(`{ person(id: "1") { name idNumber } }`, {}, await hub.as('leading-group-office', { purpose: 'STATISTICS' }));
    expect(res.body.data.person.name).not.toBe(fixturePersons[0]!.name);
    expect(res.body.data.person.name).toMatch(/\*/);
  });
});
