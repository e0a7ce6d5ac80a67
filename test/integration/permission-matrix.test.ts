import { getNamedType, type GraphQLObjectType } from 'graphql';
import { buildRawSchema } from '../../src/server/schema.js';
import { departments } from '../../src/departments/registry.js';
import { allFieldAccess, type FieldAccess } from '../../src/auth/access-plan.js';
import { EXACT_COUNTS_SCOPE, ROLES } from '../../src/auth/policy.js';
import { grantsFor } from '../../src/auth/grants.js';
import { satisfies } from '../../src/auth/scopes.js';
import { mask } from '../../src/auth/masking.js';
import { startTestHub, type GraphQLResponse, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';
import { leafSelection, pathsToTypes, valueAt, wrapInPath, type PathStep } from '../support/schema-paths.js';

/**
 * The permission matrix, generated from the policy file and the schema: for every role and every
 * field coordinate reachable from a root, a real HTTP request checks that the caller gets the
 * value, the masked value, or null with UNAUTHORIZED_FIELD_OR_TYPE at the first denied step —
 * directly, and for Person also through `household.members` with aliases and a fragment.
 * Expectations come from the SDL declarations and the policy, evaluated here independently of
 * the enforcement code.
 */
const schema = buildRawSchema(departments);
const access = new Map<string, FieldAccess>(allFieldAccess(schema).map((a) => [a.coordinate, a]));
const paths = pathsToTypes(schema);
const SUBJECTS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

let hub: TestHub;
const subjectOf = new Map<string, string>();

interface Probe {
  typeName: string;
  steps: PathStep[];
  /** Response keys down to the type (aliases when used). */
  keys: string[];
  query: string;
  /** Response key of each probed field. */
  fieldKeys: Map<string, string>;
}

function directProbe(typeName: string, steps: PathStep[], subject: string): Probe {
  const type = schema.getType(typeName) as import('graphql').GraphQLObjectType;
  const fieldKeys = new Map(Object.keys(type.getFields()).map((f) => [f, f]));
  const inner = [...fieldKeys.keys()].map((f) => leafSelection(schema, typeName, f)).join(' ');
  return { typeName, steps, keys: steps.map((s) => s.field), query: `{ ${wrapInPath(steps, inner, subject)} }`, fieldKeys };
}

/** Person through `household.members`, every field aliased, selected by a named fragment. */
function membersProbe(): Probe {
  const type = schema.getType('Person') as import('graphql').GraphQLObjectType;
  const fieldKeys = new Map(Object.keys(type.getFields()).map((f) => [f, `a_${f}`]));
  const inner = [...fieldKeys].map(([f, alias]) => leafSelection(schema, 'Person', f, alias)).join(' ');
  return {
    typeName: 'Person',
    steps: [{ parent: 'Query', field: 'household' }, { parent: 'Household', field: 'members' }],
    keys: ['hh', 'mm'],
    query: `{ hh: household(id: "1") { mm: members { ...PersonFields } } } fragment PersonFields on Person { ${inner} }`,
    fieldKeys,
  };
}

const probes: Probe[] = [];

/**
 * Lists whose rows are filtered per caller by the scopes of each row's source (assistance-chain
 * events, warning evidence): the first row differs between roles by design, so only denials are
 * compared here; test/integration/monitoring-api.test.ts checks which rows each role gets.
 */
const ROWS_FILTERED_BY_SOURCE = new Set(['AssistanceEvent', 'WarningEvidence']);
const returnTypeOf = (coordinate: string) => {
  const [type, field] = coordinate.split('.');
  return getNamedType((schema.getType(type!) as GraphQLObjectType).getFields()[field!]!.type).name;
};

beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
  await hub.query(`{ person(id: "1") { name } }`); // leaves an audit row for the auditEvents probes
  for (const [typeName, steps] of paths) {
    if (steps[0]!.field !== 'person') {
      probes.push(directProbe(typeName, steps, '1'));
      continue;
    }
    // The first fixture person who actually has this kind of object.
    for (const subject of SUBJECTS) {
      const res = await hub.query(`{ ${wrapInPath(steps, '__typename', subject)} }`);
      if (valueAt(res.body.data, steps.map((s) => s.field)).value != null) {
        subjectOf.set(typeName, subject);
        probes.push(directProbe(typeName, steps, subject));
        break;
      }
    }
  }
  probes.push(membersProbe());
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

const stripIndices = (path: ReadonlyArray<string | number> = []) => path.filter((p) => typeof p === 'string').join('.');

/** Township officials work in the township of the probed subject. */
function regionFor(role: string, probe: Probe): string | undefined {
  if (ROLES[role]!.region.rule !== 'required') return undefined;
  const subject = probe.steps[0]!.field === 'person' ? subjectOf.get(probe.typeName) : '1';
  return ['5', '6', '7'].includes(subject ?? '') ? '410823102' : '410823101';
}

function check(role: string, probe: Probe, res: GraphQLResponse, admin: GraphQLResponse): string[] {
  const scopes = grantsFor([role]).scopes;
  const problems: string[] = [];
  const errorsAt = new Set((res.body.errors ?? []).filter((e) => e.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE').map((e) => stripIndices(e.path)));
  const stepCoords = probe.steps.map((s) => `${s.parent}.${s.field}`);
  const deniedStep = stepCoords.findIndex((c) => {
    const needed = access.get(c)?.needed;
    return needed != null && !satisfies(scopes, needed);
  });
  if (deniedStep >= 0) {
    const at = probe.keys.slice(0, deniedStep + 1);
    if (!errorsAt.has(at.join('.'))) problems.push(`${role}: expected UNAUTHORIZED at ${at.join('.')} reaching ${probe.typeName}`);
    if (valueAt(res.body.data, at).value != null) problems.push(`${role}: expected null at ${at.join('.')}`);
    return problems;
  }
  for (const [field, key] of probe.fieldKeys) {
    const coordinate = `${probe.typeName}.${field}`;
    const a = access.get(coordinate)!;
    const keys = [...probe.keys, key];
    const got = valueAt(res.body.data, keys).value;
    const expectedRaw = valueAt(admin.body.data, keys).value;
    if (a.needed && !satisfies(scopes, a.needed)) {
      if (!errorsAt.has(keys.join('.'))) problems.push(`${role}: ${coordinate} should be denied`);
      if (got != null) problems.push(`${role}: ${coordinate} should be null when denied`);
      continue;
    }
    if (errorsAt.has(keys.join('.'))) problems.push(`${role}: ${coordinate} was denied but may be read`);
    // A region-scoped caller's totals count its region only (checked by the region-scope tests).
    if (field === 'totalCount' && regionFor(role, probe)) continue;
    if (ROWS_FILTERED_BY_SOURCE.has(probe.typeName) || ROWS_FILTERED_BY_SOURCE.has(returnTypeOf(coordinate))) continue;
    // Counts under disclosure control: exact with the policy's exact-counts scope, else a multiple of 5 at most 4 away.
    if (a.disclosure && !scopes.has(EXACT_COUNTS_SCOPE) && typeof expectedRaw === 'number') {
      if (typeof got !== 'number' || got % 5 !== 0 || Math.abs(got - expectedRaw) > 4) problems.push(`${role}: ${coordinate} = ${got} is not ${expectedRaw} under disclosure control`);
      continue;
    }
    const expected = a.sensitive && !satisfies(scopes, a.sensitive.unless) ? mask(a.sensitive.mask, expectedRaw) : expectedRaw;
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      problems.push(`${role}: ${coordinate} = ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
    }
  }
  return problems;
}

it('the fixture reaches every object type of the schema through a probe', () => {
  const probed = new Set(probes.map((p) => p.typeName));
  expect([...paths.keys()].filter((t) => !probed.has(t))).toEqual([]);
  expect(probed.size).toBeGreaterThan(35);
});

it.each(Object.keys(ROLES))('role %s sees exactly what the policy and the SDL allow', async (role) => {
  const problems: string[] = [];
  let checkedFields = 0;
  for (const probe of probes) {
    const region = regionFor(role, probe);
    const headers = await hub.as(role, { region, purpose: ROLES[role]!.purposes[0] });
    const [res, admin] = await Promise.all([hub.query(probe.query, {}, headers), hub.query(probe.query)]);
    expect(admin.body.errors).toBeUndefined();
    problems.push(...check(role, probe, res, admin));
    checkedFields += probe.fieldKeys.size;
  }
  expect(problems).toEqual([]);
  expect(checkedFields).toBeGreaterThan(200);
});

it('masks, not nulls, what a leading-group caller may only partly see', async () => {
  const headers = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
  const res = await hub.query(`{ person(id: "9") { idNumber name phone address birthDate disability { certificates { certificateNumber } } } }`, {}, headers);
  const p = res.body.data.person;
  expect(p.idNumber).toMatch(/^410823\*{8}\d{3}[\dX]$/);
  expect(p.name).toBe('欧阳**');
  expect(p.phone).toBe('138****0009');
  expect(p.address).toBe('河南省焦作市武陟县詹店镇');
  expect(p.birthDate).toMatch(/^\d{4}$/);
  const cert = await hub.query(`{ person(id: "2") { disability { certificates { certificateNumber } } } }`, {}, headers);
  expect(cert.body.data.person.disability.certificates[0].certificateNumber).toMatch(/^410823\*{8}\d{3}[\dX]42$/);
});
