import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';

/**
 * Every PersonFilter predicate against the hand-checked fixture (see its table): the expected
 * ids were worked out by hand from the fixture, not from the hub.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});

async function idsMatching(filter: Record<string, unknown>): Promise<string[]> {
  const res = await hub.query(`query($f: PersonFilter) { persons(filter: $f, first: 100) { totalCount nodes { id } } }`, { f: filter });
  expect(res.body.errors).toBeUndefined();
  const ids = res.body.data.persons.nodes.map((n: { id: string }) => n.id);
  expect(res.body.data.persons.totalCount).toBe(ids.length);
  return ids;
}

const ALL = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const except = (...ids: string[]) => ALL.filter((id) => !ids.includes(id));

describe('core predicates', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['no filter', {}, ALL],
    ['a township prefix', { regionCode: '410823101' }, ['1', '2', '3', '4', '8', '9']],
    ['another township prefix', { regionCode: '410823102' }, ['5', '6', '7']],
    ['a full village code', { regionCode: '410823101002' }, ['4']],
    ['the county prefix', { regionCode: '410823' }, ALL],
    ['gender', { gender: 'FEMALE' }, ['2', '5', '7', '9']],
    ['a minimum age', { age: { min: 60 } }, ['1', '2', '4']],
    ['a maximum age', { age: { max: 17 } }, ['3', '6', '7']],
    ['an age band', { age: { min: 14, max: 16 } }, ['6', '7']],
    ['household monitoring status', { monitoringStatus: ['TEKUN', 'DIBAO_EDGE'] }, ['4', '8', '9']],
    ['registered poor', { registeredPoor: true }, ['1', '2', '3', '4']],
    ['deceased', { deceased: true }, ['4']],
    ['alive', { deceased: false }, except('4')],
  ])('filters by %s', async (_label, filter, expected) => {
    expect(await idsMatching(filter)).toEqual(expected);
  });
});

describe('department predicates', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['assistance program', { civilAffairs: { assistanceProgram: ['DIBAO'] } }, ['1', '2', '9']],
    ['program and status of the same enrolment', { civilAffairs: { assistanceProgram: ['DIBAO'], assistanceStatus: ['ACTIVE'] } }, ['1', '2']],
    ['care category', { civilAffairs: { careCategory: ['LEFT_BEHIND_CHILD'] } }, ['3']],
    ['custody mode', { civilAffairs: { custodyMode: ['CENTRALISED_MEDICAL'] } }, ['4']],
    ['disability category', { disability: { category: ['PHYSICAL'] } }, ['2']],
    ['disability grade', { disability: { grade: [1, 2] } }, ['2', '6']],
    ['category and grade of the same certificate', { disability: { category: ['PHYSICAL'], grade: [1] } }, []],
    ['having a rehab service', { disability: { hasRehabService: true } }, ['6']],
    ['certified without rehab service', { disability: { grade: [1, 2, 3, 4], hasRehabService: false } }, ['2']],
    ['an active subsidy', { disability: { subsidy: ['LIVING'] } }, ['2']],
    ['school status', { education: { schoolStatus: ['DROPPED_OUT'] } }, ['6']],
    ['left-behind pupils', { education: { leftBehind: true } }, ['3', '6']],
    ['paired pupils', { education: { paired: true } }, ['3']],
    ['left-behind pupils without a teacher pairing', { education: { leftBehind: true, paired: false } }, ['6']],
    ["women's-federation left-behind", { womensFederation: { leftBehind: true } }, ['5']],
    ['support case kind', { womensFederation: { supportCaseKind: ['LEGAL_AID'] } }, ['5']],
    ['a valid family-doctor contract', { health: { familyDoctorSigned: true } }, ['1']],
    ['no valid family-doctor contract', { health: { familyDoctorSigned: false } }, except('1')],
    ['an ICD-10 chapter prefix', { health: { conditionCode: ['C'] } }, ['8']],
    ['several ICD-10 codes', { health: { conditionCode: ['I10', 'C34'] } }, ['1', '8']],
    ['out of pocket above an amount in any year', { health: { outOfPocketAbove: '20000' } }, ['8']],
    ['out of pocket above an amount in one year', { health: { outOfPocketAbove: '10000.00', year: 2025 } }, ['1', '8']],
    ['out of pocket above an amount in a year without it', { health: { outOfPocketAbove: '5000', year: 2024 } }, []],
  ])('filters by %s', async (_label, filter, expected) => {
    expect(await idsMatching(filter)).toEqual(expected);
  });
});

describe('boolean composition', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['or', { or: [{ gender: 'FEMALE' }, { age: { min: 80 } }] }, ['2', '4', '5', '7', '9']],
    ['not', { not: { regionCode: '410823101' } }, ['5', '6', '7']],
    ['and of department predicates', { and: [{ civilAffairs: { assistanceProgram: ['DIBAO'] } }, { disability: { category: ['PHYSICAL'] } }] }, ['2']],
    ['nested not inside or', { or: [{ not: { gender: 'MALE' } }, { education: { schoolStatus: ['DROPPED_OUT'] } }] }, ['2', '5', '6', '7', '9']],
    ['an empty or matches nothing', { or: [] }, []],
    ['siblings of one object are ANDed', { gender: 'MALE', regionCode: '410823102' }, ['6']],
  ])('combines with %s', async (_label, filter, expected) => {
    expect(await idsMatching(filter)).toEqual(expected);
  });

  it('lists households with at least one matching member', async () => {
    const res = await hub.query(`{ households(filter: { disability: { category: [INTELLECTUAL] } }) { totalCount nodes { householdNumber } } }`);
    expect(res.body.data.households).toEqual({ totalCount: 1, nodes: [{ householdNumber: '4108231020010001' }] });
    const all = await hub.query(`{ households { totalCount } }`);
    expect(all.body.data.households.totalCount).toBe(4);
  });
});

describe('invalid filters', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a region code with letters', { regionCode: '4108AB' }, 'filter.regionCode'],
    ['an inverted age range', { age: { min: 30, max: 20 } }, 'filter.age'],
    ['a malformed ICD-10 prefix', { health: { conditionCode: ['i10; drop table x'] } }, 'filter.health.conditionCode'],
  ])('rejects %s with BAD_USER_INPUT naming the field', async (_label, filter, field) => {
    const res = await hub.query(`query($f: PersonFilter) { persons(filter: $f) { totalCount } }`, { f: filter });
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('rejects an unknown enum value before execution', async () => {
    const res = await hub.query(`query($f: PersonFilter) { persons(filter: $f) { totalCount } }`, { f: { gender: 'UNKNOWN' } });
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0]!.message).toMatch(/UNKNOWN/);
  });
});
