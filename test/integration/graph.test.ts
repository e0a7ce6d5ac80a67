import { startTestHub, type TestHub } from '../support/test-hub.js';
import { fixturePersons, loadCountyFixture } from '../fixtures/county-fixture.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});

const wang = fixturePersons[0]!;

describe('lookups', () => {
  it('finds a person by hub id with the core fields derived from the ID number', async () => {
    const res = await hub.query(`{ person(id: "1") { id idNumber name gender birthDate age relationToHead } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.person).toEqual({
      id: '1', idNumber: wang.idNumber, name: '王建国', gender: 'MALE', birthDate: wang.birthDate, age: 68, relationToHead: 'HEAD',
    });
  });

  it.each([
    ['the canonical form', (n: string) => n],
    ['lowercase x and spaces', (n: string) => `${n.slice(0, 6)} ${n.slice(6, 14)} ${n.slice(14).toLowerCase()}`],
    ['full-width digits', (n: string) => n.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))],
  ])('finds a person by ID number given in %s', async (_label, form) => {
    const res = await hub.query(`query($n: String!) { personByIdNumber(idNumber: $n) { id name } }`, { n: form(wang.idNumber) });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.personByIdNumber).toEqual({ id: '1', name: '王建国' });
  });

  it('finds a person by the old 15-digit form of an ID number born in the 1900s', async () => {
    const old = wang.idNumber.slice(0, 6) + wang.idNumber.slice(8, 17);
    const res = await hub.query(`query($n: String!) { personByIdNumber(idNumber: $n) { id } }`, { n: old });
    expect(res.body.data.personByIdNumber).toEqual({ id: '1' });
  });

  it('rejects an ID number with a wrong check character as BAD_USER_INPUT naming the argument', async () => {
    const wrong = wang.idNumber.slice(0, 17) + (wang.idNumber[17] === '1' ? '2' : '1');
    const res = await hub.query(`query($n: String!) { personByIdNumber(idNumber: $n) { id } }`, { n: wrong });
    expect(res.body.data.personByIdNumber).toBeNull();
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber' });
    expect(res.body.errors![0]!.message).toMatch(/check character/);
  });

  it('answers NOT_FOUND for a person that does not exist', async () => {
    const res = await hub.query(`{ person(id: "999") { id } }`);
    expect(res.body.data.person).toBeNull();
    expect(res.body.errors![0]!).toMatchObject({ path: ['person'], extensions: { code: 'NOT_FOUND' } });
  });

  it('lists regions under a parent code and walks up to the parent', async () => {
    const res = await hub.query(`{ regions(parentCode: "410823") { code name level parent { name } } }`);
    expect(res.body.data.regions).toEqual([
      { code: '410823101000', name: '詹店镇', level: 'TOWNSHIP', parent: { name: '武陟县' } },
      { code: '410823102000', name: '西陶镇', level: 'TOWNSHIP', parent: { name: '武陟县' } },
    ]);
    const provinces = await hub.query(`{ regions { code name } }`);
    expect(provinces.body.data.regions).toEqual([{ code: '410000000000', name: '河南省' }]);
  });
});

describe('the nested graph', () => {
  it('joins a household with its head, members, region and finance', async () => {
    const res = await hub.query(`{
      household(id: "1") {
        householdNumber monitoringStatus registeredPoor registeredPoorYear
        region { name parent { name } }
        head { name }
        members { id name relationToHead }
        finance { year income rigidExpenditure }
        lastYear: finance(year: 2024) { year }
      }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.household).toEqual({
      householdNumber: '4108231010010001', monitoringStatus: 'DIBAO', registeredPoor: true, registeredPoorYear: 2016,
      region: { name: '詹店村', parent: { name: '詹店镇' } },
      head: { name: '王建国' },
      members: [
        { id: '1', name: '王建国', relationToHead: 'HEAD' },
        { id: '2', name: '李秀英', relationToHead: 'SPOUSE' },
        { id: '3', name: '王小明', relationToHead: 'GRANDCHILD' },
      ],
      finance: [
        { year: 2025, income: '18000.00', rigidExpenditure: '10500.10' },
        { year: 2024, income: '17000.00', rigidExpenditure: '6000.00' },
      ],
      lastYear: [{ year: 2024 }],
    });
  });

  it('shows all five department profiles of a person with provenance', async () => {
    const res = await hub.query(`{
      person(id: "6") {
        name
        civilAffairs { enrolments { program } careTargets { category } }
        disability { certificates { category grade certificateNumber } rehabServices { status cost provenance { department sourceRecordId version } } }
        education { enrolments { stage status leftBehind } dropoutCases { status reason } teacherPairings { teacherName } }
        womensFederation { supportCases { kind } }
        health { conditions { icd10Code } }
      }
    }`);
    expect(res.body.errors).toBeUndefined();
    const p = res.body.data.person;
    expect(p.civilAffairs).toEqual({ enrolments: [], careTargets: [] });
    expect(p.disability.certificates).toEqual([{ category: 'INTELLECTUAL', grade: 1, certificateNumber: `${fixturePersons[5]!.idNumber}51` }]);
    expect(p.disability.rehabServices).toEqual([
      { status: 'IN_SERVICE', cost: '3200.00', provenance: { department: 'disability', sourceRecordId: 'DP-R-6', version: 1 } },
    ]);
    expect(p.education).toEqual({
      enrolments: [{ stage: 'JUNIOR', status: 'DROPPED_OUT', leftBehind: true }],
      dropoutCases: [{ status: 'OPEN', reason: '厌学' }],
      teacherPairings: [],
    });
    expect(p.womensFederation.supportCases).toEqual([]);
    expect(p.health.conditions).toEqual([]);
  });

  it('resolves person links in both directions', async () => {
    const res = await hub.query(`{ person(id: "3") { links { kind from { name } to { name } sourceDepartment } } }`);
    expect(res.body.data.person.links).toEqual([
      { kind: 'GUARDIAN', from: { name: '王建国' }, to: { name: '王小明' }, sourceDepartment: 'civil-affairs' },
    ]);
  });

  it('shows money with two decimals and a deceased person with age at death', async () => {
    const res = await hub.query(`{ person(id: "4") { deceasedDate age civilAffairs { enrolments { program supportMode monthlyAmount status } custodyAgreements { mode custodianName } } health { deaths { cause } } } }`);
    expect(res.body.errors).toBeUndefined();
    const p = res.body.data.person;
    expect(p.deceasedDate).not.toBeNull();
    expect(p.age).toBeLessThanOrEqual(86);
    expect(p.civilAffairs.enrolments).toEqual([{ program: 'TEKUN', supportMode: 'CENTRALISED', monthlyAmount: '900.00', status: 'ACTIVE' }]);
    expect(p.civilAffairs.custodyAgreements).toEqual([{ mode: 'CENTRALISED_MEDICAL', custodianName: '武陟县敬老院' }]);
    expect(p.health.deaths).toEqual([{ cause: '心力衰竭' }]);
  });
});

describe('the HTTP surface', () => {
  it('serves a self-hosted GraphiQL page to browsers that loads nothing from the internet', async () => {
    const page = await fetch(`${hub.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const src of sources) {
      expect(src.startsWith('/')).toBe(true);
      const asset = await fetch(`${hub.baseUrl}${src}`);
      expect(asset.status).toBe(200);
    }
  });

  it('answers GraphQL over GET for non-browser clients', async () => {
    const res = await fetch(`${hub.baseUrl}/graphql?query=${encodeURIComponent('{ person(id: "1") { name } }')}`, {
      headers: { 'apollo-require-preflight': 'true', ...(await hub.as('admin')) },
    });
    expect(await res.json()).toEqual({ data: { person: { name: '王建国' } } });
  });

  it('reports database reachability on /healthz', async () => {
    const res = await fetch(`${hub.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'up' });
  });
});
