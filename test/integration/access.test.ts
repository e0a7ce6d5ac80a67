import { startTestHub, type TestHub } from '../support/test-hub.js';
import { fixturePersons, loadCountyFixture } from '../fixtures/county-fixture.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({
    fixture: async (client) => {
      await loadCountyFixture(client);
      // A helper link crossing townships: 刘芳 (西陶镇) helps 王建国 (詹店镇).
      await client.query(`insert into core.person_link (from_person_id, to_person_id, kind, source_department) values (5, 1, 'HELPER', 'civil-affairs')`);
    },
  });
});
afterAll(async () => {
  await hub?.close();
});

const errorCodes = (res: { body: { errors?: Array<{ extensions?: Record<string, any> }> } }) => (res.body.errors ?? []).map((e) => e.extensions?.code);

describe('credentials', () => {
  it('answers 401 UNAUTHENTICATED to a request without credentials that touches personal data', async () => {
    const res = await hub.query(`{ person(id: "1") { gender } }`, {}, { authorization: '', 'x-purpose': '' });
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.body.data).toBeUndefined();
  });

  it('serves @public fields and introspection without credentials', async () => {
    const res = await hub.query(`{ regions(parentCode: "410823") { name } __schema { queryType { name } } }`, {}, { authorization: '' });
    expect(res.status).toBe(200);
    expect(res.body.data.regions).toHaveLength(2);
  });

  it('answers 401 to an unknown API key even for public fields', async () => {
    const res = await hub.query(`{ regions { name } }`, {}, { authorization: 'Bearer cg_0123abcd_notarealsecretnotarealsecretnotarealsecr' });
    expect(res.status).toBe(401);
    expect(res.body.errors![0]!.message).toMatch(/Invalid API key/);
  });

  it('answers 401 to a JWT when JWT authentication is not configured', async () => {
    const res = await hub.query(`{ regions { name } }`, {}, { authorization: 'Bearer aaa.bbb.ccc' });
    expect(res.status).toBe(401);
  });
});

describe('field-level denial', () => {
  it('nulls a denied field with UNAUTHORIZED_FIELD_OR_TYPE at its path while siblings resolve', async () => {
    const headers = await hub.as('education');
    const res = await hub.query(`{ person(id: "6") { gender education { dropoutCases { status } } disability { certificates { grade } } } }`, {}, headers);
    expect(res.body.data.person).toEqual({ gender: 'MALE', education: { dropoutCases: [{ status: 'OPEN' }] }, disability: null });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]).toMatchObject({ path: ['person', 'disability'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } });
  });

  it('keeps clinical data from the leading-group office but not the rest of health', async () => {
    const headers = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
    const res = await hub.query(`{ person(id: "8") { health { familyDoctorContracts { team } conditions { icd10Code } } } }`, {}, headers);
    expect(res.body.data.person.health).toEqual({ familyDoctorContracts: [{ team: '詹店镇卫生院二组' }], conditions: null });
    expect(res.body.errors![0]!.path).toEqual(['person', 'health', 'conditions']);
  });

  it("masks third parties' names and phones for the leading-group office as it masks the subject's", async () => {
    const query = `{ p3: person(id: "3") { name civilAffairs { careTargets { responsiblePerson responsiblePhone } } education { teacherPairings { teacherName teacherPhone } } }
      p4: person(id: "4") { civilAffairs { custodyAgreements { custodianName custodianPhone } } } }`;
    const office = await hub.query(query, {}, await hub.as('leading-group-office', { purpose: 'STATISTICS' }));
    expect(office.body.errors).toBeUndefined();
    expect(office.body.data.p3.civilAffairs.careTargets).toEqual([{ responsiblePerson: '王**', responsiblePhone: '137****2222' }]);
    expect(office.body.data.p3.education.teacherPairings).toEqual([{ teacherName: '赵**', teacherPhone: '139****1111' }]);
    expect(office.body.data.p4.civilAffairs.custodyAgreements[0]).toMatchObject({ custodianPhone: '0391*****34' });
    expect(office.body.data.p4.civilAffairs.custodyAgreements[0].custodianName).not.toBe('武陟县敬老院');
    const admin = await hub.query(query, {}, await hub.as('admin'));
    expect(admin.body.data.p3.civilAffairs.careTargets).toEqual([{ responsiblePerson: '王建国', responsiblePhone: '13700002222' }]);
    expect(admin.body.data.p3.education.teacherPairings).toEqual([{ teacherName: '赵老师', teacherPhone: '13900001111' }]);
  });

  it('masks the visitor (走访人) and the assessor (考核人) for the leading-group office, and audits their disclosure to the record\'s person', async () => {
    const query = `query ThirdPartyNames { p3: person(id: "3") { civilAffairs { careVisits { visitor } careTargets { responsiblePerson } } }
      p1: person(id: "1") { hrss { assessments { assessor } } } }`;
    const office = await hub.query(query, {}, await hub.as('leading-group-office', { purpose: 'STATISTICS' }));
    expect(office.body.errors).toBeUndefined();
    expect(office.body.data.p3.civilAffairs.careVisits).toEqual([{ visitor: '王**' }, { visitor: '李**' }]);
    expect(office.body.data.p1.hrss.assessments).toEqual([{ assessor: '村**' }]);
    // A visitor is often the responsible person: its clear name would unmask the 责任人 beside it.
    expect(JSON.stringify(office.body.data)).not.toMatch(/王村医|李主任|村委会|王建国/);
    const admin = await hub.query(query, {}, await hub.as('admin'));
    expect(admin.body.data.p3.civilAffairs.careVisits).toEqual([{ visitor: '王村医' }, { visitor: '李主任' }]);
    expect(admin.body.data.p1.hrss.assessments).toEqual([{ assessor: '村委会' }]);
    const audited = await hub.sql(
      `select person_id::text, f from core.audit_event, unnest(fields) f where operation_name = 'ThirdPartyNames' and f in ('CareVisit.visitor', 'PostAssessment.assessor') order by f`,
    );
    expect(audited).toEqual([
      { person_id: '3', f: 'CareVisit.visitor' },
      { person_id: '1', f: 'PostAssessment.assessor' },
    ]);
  });

  it('gives the auditor the audit log and nothing about persons', async () => {
    const headers = await hub.as('auditor', { purpose: 'AUDIT' });
    const res = await hub.query(`{ person(id: "1") { gender } auditEvents(first: 1) { totalCount } }`, {}, headers);
    expect(res.body.data.person).toBeNull();
    expect(res.body.data.auditEvents.totalCount).toBeGreaterThanOrEqual(0);
    expect(errorCodes(res)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
  });
});

describe('region scope', () => {
  const official = () => hub.as('township-official', { region: '410823101' });

  it('makes a person outside the region NOT_FOUND, exactly like one that does not exist', async () => {
    const headers = await official();
    const outside = await hub.query(`{ person(id: "5") { gender } }`, {}, headers);
    const missing = await hub.query(`{ person(id: "999") { gender } }`, {}, headers);
    expect(outside.body).toEqual({ ...missing.body, errors: missing.body.errors!.map((e) => ({ ...e })) });
    expect(errorCodes(outside)).toEqual(['NOT_FOUND']);
    const byNumber = await hub.query(`query($n: String!) { personByIdNumber(idNumber: $n) { gender } }`, { n: fixturePersons[4]!.idNumber }, headers);
    expect(errorCodes(byNumber)).toEqual(['NOT_FOUND']);
    const household = await hub.query(`{ household(id: "3") { householdNumber } }`, {}, headers);
    expect(errorCodes(household)).toEqual(['NOT_FOUND']);
  });

  it('limits lists and their totals to the region, whatever the filter asks', async () => {
    const headers = await official();
    const all = await hub.query(`{ persons(first: 50) { totalCount nodes { id } } households { totalCount } }`, {}, headers);
    expect(all.body.data.persons).toEqual({ totalCount: 6, nodes: ['1', '2', '3', '4', '8', '9'].map((id) => ({ id })) });
    expect(all.body.data.households.totalCount).toBe(3);
    const escape = await hub.query(`{ persons(filter: { regionCode: "410823102" }) { totalCount } }`, {}, headers);
    expect(escape.body.data.persons.totalCount).toBe(0);
  });

  it('drops links whose other end lies outside the region', async () => {
    const headers = await official();
    const res = await hub.query(`{ person(id: "1") { links { kind to { name } from { name } } household { members { id } } } }`, {}, headers);
    expect(res.body.data.person.links).toEqual([{ kind: 'GUARDIAN', from: { name: '王建国' }, to: { name: '王小明' } }]);
    expect(res.body.data.person.household.members).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
    const everywhere = await hub.query(`{ person(id: "1") { links { kind } } }`);
    expect(everywhere.body.data.person.links.map((l: { kind: string }) => l.kind).sort()).toEqual(['GUARDIAN', 'HELPER']);
  });
});

describe('no inference through filters', () => {
  it('refuses a filter on a field the caller cannot read, and returns no total', async () => {
    const headers = await hub.as('education');
    const res = await hub.query(`{ persons(filter: { disability: { grade: [1] } }) { totalCount } }`, {}, headers);
    expect(res.body.data.persons).toBeNull();
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE', field: 'filter.disability' });
  });

  it('finds the forbidden predicate however deep it is nested', async () => {
    const headers = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
    const res = await hub.query(
      `{ households(filter: { or: [{ gender: MALE }, { not: { health: { conditionCode: ["C"] } } }] }) { totalCount } }`,
      {},
      headers,
    );
    expect(res.body.data.households).toBeNull();
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE', field: 'filter.or[1].not.health.conditionCode' });
  });

  it('allows the same filter to a caller who may read the field', async () => {
    const headers = await hub.as('health');
    const res = await hub.query(`{ persons(filter: { health: { conditionCode: ["C"] } }) { totalCount } }`, {}, headers);
    expect(res.body.data.persons.totalCount).toBe(1);
  });
});

describe('purpose of use', () => {
  it('requires X-Purpose to reveal an unmasked value, without blocking the rest', async () => {
    const headers = await hub.as('civil-affairs', { purpose: null });
    const res = await hub.query(`{ person(id: "1") { gender name } }`, {}, headers);
    expect(res.body.data.person).toEqual({ gender: 'MALE', name: null });
    expect(res.body.errors![0]).toMatchObject({ path: ['person', 'name'], extensions: { code: 'PURPOSE_REQUIRED' } });
  });

  it('refuses a purpose the role may not declare, naming the allowed ones', async () => {
    const headers = await hub.as('civil-affairs', { purpose: 'STATISTICS' });
    const res = await hub.query(`{ person(id: "1") { name } }`, {}, headers);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'PURPOSE_REQUIRED', allowedPurposes: ['ELIGIBILITY_CHECK', 'CASE_MANAGEMENT'] });
    const allowed = await hub.query(`{ person(id: "1") { name } }`, {}, { ...headers, 'x-purpose': 'ELIGIBILITY_CHECK' });
    expect(allowed.body.data.person.name).toBe('王建国');
  });

  it('needs no purpose for masked values', async () => {
    const headers = await hub.as('leading-group-office', { purpose: null });
    const res = await hub.query(`{ person(id: "1") { name } }`, {}, headers);
    expect(res.body).toEqual({ data: { person: { name: '王**' } } });
  });
});

describe('query limits', () => {
  it('refuses a query nested deeper than the role allows, naming the limit', async () => {
    // person → (household → head) × 6 → name: 14 levels.
    const deep = `{ person(id: "1") { ${'household { head { '.repeat(6)}name${' } }'.repeat(6)} } }`;
    const res = await hub.query(deep);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxDepth', max: 12 });
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: gender`).join(' ');
    const res = await hub.query(`{ person(id: "1") { ${aliases} } }`);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxAliases' });
  });

  it('refuses a document with more tokens than the role allows', async () => {
    const alternatives = Array.from({ length: 1000 }, () => '{ gender: MALE }').join(', ');
    const res = await hub.query(`{ persons(filter: { or: [${alternatives}] }) { totalCount } }`);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' });
  });

  it('multiplies cost by page size, with a budget per role', async () => {
    const heavy = `{ persons(first: 500) { nodes { household { members { gender age civilAffairs { enrolments { program } careTargets { category } } } } } } }`;
    const partner = await hub.query(heavy, {}, await hub.as('civil-affairs'));
    expect(partner.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxCost', max: 50_000 });
    const office = await hub.query(heavy, {}, await hub.as('leading-group-office', { purpose: 'STATISTICS' }));
    expect(office.body.errors).toBeUndefined();
    const small = await hub.query(heavy.replace('first: 500', 'first: 5'), {}, await hub.as('civil-affairs'));
    expect(small.body.errors).toBeUndefined();
  });
});
