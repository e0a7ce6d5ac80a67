import { startTestHub, type TestHub } from '../support/test-hub.js';
import { uploadFile } from '../support/intake-clients.js';
import { COUNTY, fixturePersons, insert, loadCountyFixture } from '../fixtures/county-fixture.js';
import { buildIdNumber } from '../../src/identity/id-number.js';
import { idNumberIndexes } from '../support/field-values.js';

/**
 * A writer confined to 詹店镇 (410823101) tries to pull persons it cannot read into a household of
 * its own township by writing one record about them — over GraphQL and the file import — and then
 * to read them. Every such write is refused with one answer, whether the hub knows the person
 * (without a household, or in 西陶镇) or not, and the persons stay out of its sight.
 */
const HOMELESS = { id: 20, name: '郑无户', idNumber: buildIdNumber(COUNTY, '1975-03-03', 101) };
const UNKNOWN = buildIdNumber(COUNTY, '1981-07-07', 203);
const UNKNOWN_2 = buildIdNumber(COUNTY, '1982-08-08', 305);
const liuFang = fixturePersons[4]!; // household 3, 西陶镇
const wang = fixturePersons[0]!; // household 1, 詹店镇
const OWN_HOUSEHOLD = '4108231010010001'; // household 1, 詹店村 (410823101001)

let hub: TestHub;
let writer: Record<string, string>;
beforeAll(async () => {
  hub = await startTestHub({
    fixture: async (client) => {
      await loadCountyFixture(client);
      await insert(client, 'core.person', [{ id: HOMELESS.id, id_number: HOMELESS.idNumber, name: HOMELESS.name, gender: 'MALE', birth_date: '1975-03-03' }]);
      await insert(client, 'health.family_doctor_contract', [
        { person_id: HOMELESS.id, source_record_id: 'HE-F-20', team: '西陶镇卫生院一组', signed_date: '2026-01-05', valid_until: '2027-01-04' },
      ]);
    },
  });
  writer = await hub.as(['township-official', 'civil-affairs'], { region: '410823101' });
});
afterAll(async () => {
  await hub?.close();
});

const UPSERT = `mutation ($records: [AssistanceEnrolmentIntake!]!) {
  upsertAssistanceEnrolments(records: $records) { created rejected records { index sourceRecordId status code field message } }
}`;

const enrolment = (id: string, idNumber: string, name: string, householdNumber?: string) => ({
  sourceRecordId: id, idNumber, name, program: '低保', status: 'ACTIVE', startDate: '2024/3/1', monthlyAmount: '560',
  ...(householdNumber ? { householdNumber, relationToHead: 'OTHER' } : {}),
});

/** The probes: known without a household, known in another township, unknown — each naming the writer's own household. */
const probes = (prefix: string) => [
  enrolment(`${prefix}-HOMELESS`, HOMELESS.idNumber, HOMELESS.name, OWN_HOUSEHOLD),
  enrolment(`${prefix}-ELSEWHERE`, liuFang.idNumber, liuFang.name, OWN_HOUSEHOLD),
  enrolment(`${prefix}-UNKNOWN`, UNKNOWN, '钱新', OWN_HOUSEHOLD),
  enrolment(`${prefix}-HOMELESS-NO-HH`, HOMELESS.idNumber, HOMELESS.name),
  enrolment(`${prefix}-UNKNOWN-NO-HH`, UNKNOWN_2, '孙新'),
];

/** An answer without the row's position (第3行「身份证号」：…), the only part allowed to differ between rows. */
const positionless = ({ code, field, message }: { code: string; field: string; message: string }) => ({ code, field, message: message.replace(/^第\d+(行|条记录)(「[^」]*」：)?/, '') });

/** Nothing moved, nothing created, no record written for the probed persons. */
async function expectNothingMoved() {
  expect(await hub.sql(`select p.id::text, p.household_id::text from core.person p where p.id_number_bidx = any($1) order by p.id`, [idNumberIndexes([HOMELESS.idNumber, liuFang.idNumber])])).toEqual([
    { id: '5', household_id: '3' },
    { id: '20', household_id: null },
  ]);
  expect(await hub.sql(`select 1 from core.person where id_number_bidx = any($1)`, [idNumberIndexes([UNKNOWN, UNKNOWN_2])])).toEqual([]);
  expect(await hub.sql(`select source_record_id from civil_affairs.assistance_enrolment where source_record_id like 'TAKE%'`)).toEqual([]);
}

async function expectStillInvisible() {
  const byNumber = (n: string) => hub.query(`query ($n: String!) { personByIdNumber(idNumber: $n) { name health { familyDoctorContracts { team } } } }`, { n }, writer);
  const known = await byNumber(HOMELESS.idNumber);
  const unknown = await byNumber(UNKNOWN);
  expect(known.body.data).toEqual({ personByIdNumber: null });
  expect(known.body).toEqual(unknown.body);
  const byId = await hub.query(`{ person(id: "${HOMELESS.id}") { name } }`, {}, writer);
  expect(byId.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  const members = await hub.query(`{ household(id: "1") { members { id } } }`, {}, writer);
  expect(members.body.data.household.members.map((m: { id: string }) => m.id)).toEqual(['1', '2', '3']);
}

it('refuses over GraphQL, with one answer whether the person is known elsewhere, household-less or unknown', async () => {
  const res = await hub.query(UPSERT, { records: [...probes('TAKE-G'), enrolment('OWN-G', wang.idNumber, wang.name, OWN_HOUSEHOLD)] }, writer);
  expect(res.body.errors).toBeUndefined();
  const { records, created, rejected } = res.body.data.upsertAssistanceEnrolments;
  expect({ created, rejected }).toEqual({ created: 1, rejected: 5 });
  expect(records.at(-1)).toMatchObject({ sourceRecordId: 'OWN-G', status: 'CREATED' }); // the writer's own person: written
  expect(records.slice(0, 5).map((r: { status: string }) => r.status)).toEqual(Array(5).fill('REJECTED'));
  const answers = records.slice(0, 5).map(positionless);
  expect(answers[0]).toEqual({ code: 'OUT_OF_REGION', field: 'idNumber', message: expect.stringContaining('410823101') });
  for (const answer of answers) expect(answer).toEqual(answers[0]);
  expect(answers[0].message).not.toMatch(/郑无户|刘芳|西陶|4108231020010001/);
  await expectNothingMoved();
  await expectStillInvisible();
});

it('refuses through the file import alike, and the person stays invisible', async () => {
  const columns = ['sourceRecordId', 'idNumber', 'name', 'program', 'status', 'startDate', 'monthlyAmount', 'householdNumber', 'relationToHead'] as const;
  const rows = probes('TAKE-F').map((r) => columns.map((c) => (r as Record<string, string>)[c] ?? '').join(','));
  const csv = [columns.join(','), ...rows].join('\r\n');
  const res = await uploadFile(hub.baseUrl, '/import/civil-affairs/assistance-enrolment', 'enrolments.csv', csv, writer);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ created: 0, rejected: 5 });
  expect(res.body.rejects.map((r: { errors: unknown[] }) => r.errors.length)).toEqual(Array(5).fill(1));
  const answers = res.body.rejects.map((r: { errors: Array<{ code: string; field: string; message: string }> }) => positionless(r.errors[0]!));
  expect(answers[0]).toEqual({ code: 'OUT_OF_REGION', field: 'idNumber', message: expect.stringContaining('410823101') });
  for (const answer of answers) expect(answer).toEqual(answers[0]);
  // And the same answer as the GraphQL route gives.
  const graphql = await hub.query(UPSERT, { records: [probes('TAKE-G')[0]] }, writer);
  expect(positionless(graphql.body.data.upsertAssistanceEnrolments.records[0])).toEqual(answers[0]);
  await expectNothingMoved();
  await expectStillInvisible();
});

it('refuses a household record for an unknown household as for one in another township', async () => {
  const FINANCE = `mutation ($records: [HouseholdFinanceIntake!]!) { upsertHouseholdFinances(records: $records) { records { status code field message } } }`;
  const finance = (id: string, householdNumber: string) => ({
    sourceRecordId: id, householdNumber, year: 2025, income: '1000', medicalExpenditure: '0', educationExpenditure: '0', housingExpenditure: '0', otherRigidExpenditure: '0',
  });
  const res = await hub.query(FINANCE, { records: [finance('TAKE-H-1', '4108231020010001'), finance('TAKE-H-2', '4108231019999999')] }, writer);
  expect(res.body.errors).toBeUndefined();
  const [elsewhere, unknown] = res.body.data.upsertHouseholdFinances.records;
  expect(elsewhere).toMatchObject({ status: 'REJECTED', code: 'OUT_OF_REGION', field: 'householdNumber' });
  expect(unknown.status).toBe('REJECTED');
  expect(positionless(unknown)).toEqual(positionless(elsewhere));
});
