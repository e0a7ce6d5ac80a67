import { startTestHub, type TestHub } from '../support/test-hub.js';
import { fixturePersons, loadCountyFixture } from '../fixtures/county-fixture.js';
import { buildIdNumber } from '../../src/identity/id-number.js';
import { idNumberIndex } from '../support/field-values.js';

/** The write API: batched, idempotent upserts per department kind, enforced by the write scope. */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});

const UPSERT = `mutation ($records: [AssistanceEnrolmentIntake!]!, $dryRun: Boolean) {
  upsertAssistanceEnrolments(records: $records, dryRun: $dryRun) {
    created updated unchanged rejected issuesRaised dryRun
    records { index sourceRecordId status code field message }
  }
}`;

const wang = fixturePersons[0]!;
const newcomer = buildIdNumber('410823', '1990-05-17', 123); // odd sequence: male
const enrolment = (id: string, extra: Record<string, unknown> = {}) => ({
  sourceRecordId: id, idNumber: wang.idNumber, name: wang.name, program: '低保', status: 'ACTIVE',
  startDate: '2024/3/1', monthlyAmount: '560', ...extra,
});

it('creates, then reports unchanged, then updates a record re-sent under the same sourceRecordId', async () => {
  const headers = await hub.as('civil-affairs');
  const first = await hub.query(UPSERT, { records: [enrolment('GQL-1')] }, headers);
  expect(first.body.errors).toBeUndefined();
  expect(first.body.data.upsertAssistanceEnrolments).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: 0 });

  const again = await hub.query(UPSERT, { records: [enrolment('GQL-1', { startDate: '2024-03-01', monthlyAmount: '560.00' })] }, headers);
  expect(again.body.data.upsertAssistanceEnrolments).toMatchObject({ created: 0, updated: 0, unchanged: 1 });

  const changed = await hub.query(UPSERT, { records: [enrolment('GQL-1', { monthlyAmount: '600.50' })] }, headers);
  expect(changed.body.data.upsertAssistanceEnrolments.records).toEqual([
    { index: 0, sourceRecordId: 'GQL-1', status: 'UPDATED', code: null, field: null, message: null },
  ]);
  const rows = await hub.sql(`select person_id::int, monthly_amount::text, version, ingested_by from civil_affairs.assistance_enrolment where source_record_id = 'GQL-1'`);
  expect(rows).toEqual([{ person_id: 1, monthly_amount: '600.50', version: 2, ingested_by: 'civil-affairs@all' }]);
});

it('rejects a bad record with code and field while storing its valid neighbours', async () => {
  const res = await hub.query(UPSERT, {
    records: [
      enrolment('GQL-2'),
      enrolment('GQL-3', { program: 'UNKNOWN_PROGRAM' }),
      enrolment('GQL-4', { idNumber: '410823199005171234' }),
      enrolment('GQL-5', { startDate: null }),
      enrolment('GQL-6', { startDate: '45352' }), // Excel serial of 2024-03-01
    ],
  }, await hub.as('civil-affairs'));
  const result = res.body.data.upsertAssistanceEnrolments;
  expect(result).toMatchObject({ created: 2, rejected: 3 });
  expect(result.records.map((r: any) => [r.sourceRecordId, r.status, r.code, r.field])).toEqual([
    ['GQL-2', 'CREATED', null, null],
    ['GQL-3', 'REJECTED', 'UNKNOWN_ENUM_VALUE', 'program'],
    ['GQL-4', 'REJECTED', 'ID_NUMBER_BAD_CHECK_CHARACTER', 'idNumber'],
    ['GQL-5', 'REJECTED', 'REQUIRED', 'startDate'],
    ['GQL-6', 'CREATED', null, null],
  ]);
  expect(await hub.sql(`select start_date::text from civil_affairs.assistance_enrolment where source_record_id = 'GQL-6'`)).toEqual([{ start_date: '2024-03-01' }]);
});

it("refuses a caller writing another department's records", async () => {
  const res = await hub.query(UPSERT, { records: [enrolment('GQL-X')] }, await hub.as('education'));
  expect(res.body.data.upsertAssistanceEnrolments).toBeNull();
  expect(res.body.errors![0]!.extensions!.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  expect(await hub.sql(`select 1 from civil_affairs.assistance_enrolment where source_record_id = 'GQL-X'`)).toEqual([]);
});

it('creates an unknown person from a 15-digit ID number with sex and birth date derived from it, and links the household', async () => {
  const old15 = newcomer.slice(0, 6) + newcomer.slice(8, 17);
  const res = await hub.query(UPSERT, {
    records: [enrolment('GQL-7', { idNumber: old15, name: '孙立', householdNumber: '4108231010030009', relationToHead: '户主' })],
  }, await hub.as('civil-affairs'));
  expect(res.body.data.upsertAssistanceEnrolments).toMatchObject({ created: 1, issuesRaised: 0 });
  const people = await hub.sql(
    `select p.name, p.gender, p.birth_date::text, p.relation_to_head, h.household_number from core.person p join core.household h on h.id = p.household_id where p.id_number_bidx = $1`,
    [idNumberIndex(newcomer)],
  );
  expect(people).toEqual([{ name: '孙立', gender: 'MALE', birth_date: '1990-05-17', relation_to_head: 'HEAD', household_number: '4108231010030009' }]);
});

it('stores a record whose name disagrees with the person, raises a NAME_MISMATCH issue once, and lets it be resolved', async () => {
  const headers = await hub.as('civil-affairs');
  const records = [enrolment('GQL-8', { name: '王建华', sex: '女' })];
  const res = await hub.query(UPSERT, { records }, headers);
  expect(res.body.data.upsertAssistanceEnrolments).toMatchObject({ created: 1, issuesRaised: 2 });
  expect((await hub.query(UPSERT, { records }, headers)).body.data.upsertAssistanceEnrolments).toMatchObject({ unchanged: 1, issuesRaised: 0 });
  expect(await hub.sql(`select name from core.person where id = 1`)).toEqual([{ name: '王建国' }]);

  const list = await hub.query(
    `{ dataQualityIssues(filter: { department: CIVIL_AFFAIRS, status: OPEN }) { totalCount nodes { id kind personId statedValue storedValue sourceRecordId } } }`,
    {}, headers,
  );
  expect(list.body.errors).toBeUndefined();
  const nodes = list.body.data.dataQualityIssues.nodes;
  expect(nodes.map((n: any) => [n.kind, n.personId, n.statedValue, n.storedValue, n.sourceRecordId])).toEqual([
    ['NAME_MISMATCH', '1', '王建华', '王建国', 'GQL-8'],
    ['SEX_MISMATCH', '1', 'FEMALE', 'MALE', 'GQL-8'],
  ]);
  const resolved = await hub.query(
    `mutation ($id: ID!) { resolveDataQualityIssue(input: { department: CIVIL_AFFAIRS, id: $id, note: "checked the 户口簿" }) { status resolvedBy resolutionNote } }`,
    { id: nodes[0].id }, headers,
  );
  expect(resolved.body.data.resolveDataQualityIssue).toEqual({ status: 'RESOLVED', resolvedBy: 'civil-affairs@all', resolutionNote: 'checked the 户口簿' });
});

it("does not let one department list another department's data-quality issues", async () => {
  const res = await hub.query(`{ dataQualityIssues(filter: { department: CIVIL_AFFAIRS }) { totalCount } }`, {}, await hub.as('education'));
  expect(res.body.data.dataQualityIssues).toBeNull();
  expect(res.body.errors![0]!.extensions!.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
});

it('keeps every previous version for auditors and shows provenance on the record', async () => {
  const history = await hub.query(
    `{ recordHistory(department: CIVIL_AFFAIRS, kind: "assistance-enrolment", sourceRecordId: "GQL-1") { version changedFields changedBy previous } }`,
    {}, await hub.as('auditor', { purpose: 'AUDIT' }),
  );
  expect(history.body.errors).toBeUndefined();
  const [entry] = history.body.data.recordHistory;
  expect(entry).toMatchObject({ version: 1, changedFields: ['monthly_amount'], changedBy: 'civil-affairs@all' });
  expect(JSON.parse(entry.previous).monthly_amount).toBe(560);
  const [{ id }] = await hub.sql(`select id::text from civil_affairs.assistance_enrolment where source_record_id = 'GQL-1'`);
  const byId = await hub.query(
    `query ($id: ID!) { recordHistory(department: CIVIL_AFFAIRS, kind: "assistance-enrolment", recordId: $id) { version } }`,
    { id }, await hub.as('auditor', { purpose: 'AUDIT' }),
  );
  expect(byId.body.data.recordHistory).toEqual([{ version: 1 }]);
  const denied = await hub.query(
    `{ recordHistory(department: CIVIL_AFFAIRS, kind: "assistance-enrolment", sourceRecordId: "GQL-1") { version } }`,
    {}, await hub.as('civil-affairs'),
  );
  expect(denied.body.errors![0]!.extensions!.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');

  const person = await hub.query(`{ person(id: "1") { civilAffairs { enrolments { monthlyAmount provenance { department sourceRecordId ingestedBy ingestedAt } } } } }`);
  const gql1 = person.body.data.person.civilAffairs.enrolments.find((e: any) => e.provenance.sourceRecordId === 'GQL-1');
  expect(gql1).toMatchObject({ monthlyAmount: '600.50', provenance: { department: 'civil-affairs', ingestedBy: 'civil-affairs@all' } });
});

it('a dry run reports what would happen and keeps nothing', async () => {
  const res = await hub.query(UPSERT, { records: [enrolment('GQL-DRY')], dryRun: true }, await hub.as('civil-affairs'));
  expect(res.body.data.upsertAssistanceEnrolments).toMatchObject({ created: 1, dryRun: true });
  expect(await hub.sql(`select 1 from civil_affairs.assistance_enrolment where source_record_id = 'GQL-DRY'`)).toEqual([]);
});

it('reports an earlier duplicate of a sourceRecordId in one call and keeps the later one', async () => {
  const res = await hub.query(UPSERT, { records: [enrolment('GQL-9', { monthlyAmount: '1' }), enrolment('GQL-9', { monthlyAmount: '2' })] }, await hub.as('civil-affairs'));
  expect(res.body.data.upsertAssistanceEnrolments.records.map((r: any) => [r.index, r.status, r.code])).toEqual([
    [0, 'REJECTED', 'DUPLICATE_SOURCE_RECORD_ID'],
    [1, 'CREATED', null],
  ]);
  expect(await hub.sql(`select monthly_amount::text from civil_affairs.assistance_enrolment where source_record_id = 'GQL-9'`)).toEqual([{ monthly_amount: '2.00' }]);
});

it('refuses to roll a record back to an older version from the department (sourceUpdatedAt)', async () => {
  const headers = await hub.as('civil-affairs');
  await hub.query(UPSERT, { records: [enrolment('GQL-10', { sourceUpdatedAt: '2024-05-01', monthlyAmount: '700' })] }, headers);
  const old = await hub.query(UPSERT, { records: [enrolment('GQL-10', { sourceUpdatedAt: '2024-04-01', monthlyAmount: '650' })] }, headers);
  expect(old.body.data.upsertAssistanceEnrolments.records).toEqual([
    expect.objectContaining({ status: 'REJECTED', code: 'STALE_RECORD', field: 'sourceUpdatedAt' }),
  ]);
  const newer = await hub.query(UPSERT, { records: [enrolment('GQL-10', { sourceUpdatedAt: '2024-06-01', monthlyAmount: '720' })] }, headers);
  expect(newer.body.data.upsertAssistanceEnrolments).toMatchObject({ updated: 1 });
  expect(await hub.sql(`select monthly_amount::text from civil_affairs.assistance_enrolment where source_record_id = 'GQL-10'`)).toEqual([{ monthly_amount: '720.00' }]);
});

it('ends records softly: status and end date set, previous version kept, unknown ids reported', async () => {
  const END = `mutation ($ids: [String!]!) { endAssistanceEnrolments(sourceRecordIds: $ids, endDate: "2025-01-31") { updated unchanged rejected records { sourceRecordId status code } } }`;
  const headers = await hub.as('civil-affairs');
  const res = await hub.query(END, { ids: ['GQL-2', 'NO-SUCH'] }, headers);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.endAssistanceEnrolments).toEqual({
    updated: 1, unchanged: 0, rejected: 1,
    records: [{ sourceRecordId: 'GQL-2', status: 'UPDATED', code: null }, { sourceRecordId: 'NO-SUCH', status: 'REJECTED', code: 'NOT_FOUND' }],
  });
  expect((await hub.query(END, { ids: ['GQL-2'] }, headers)).body.data.endAssistanceEnrolments).toMatchObject({ unchanged: 1 });
  expect(await hub.sql(`select status, end_date::text from civil_affairs.assistance_enrolment where source_record_id = 'GQL-2'`)).toEqual([{ status: 'ENDED', end_date: '2025-01-31' }]);
  expect(await hub.sql(`select changed_fields, previous->>'status' as status from core.record_history where source_record_id = 'GQL-2'`)).toEqual([
    { changed_fields: ['end_date', 'status'], status: 'ACTIVE' },
  ]);
  const refused = await hub.query(END, { ids: ['GQL-2'] }, await hub.as('health'));
  expect(refused.body.errors![0]!.extensions!.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
});

it('takes 1,000 records in one call and refuses more', async () => {
  const headers = await hub.as('civil-affairs');
  const records = Array.from({ length: 1000 }, (_, i) => enrolment(`BULK-${i}`));
  const res = await hub.query(UPSERT, { records }, headers);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.upsertAssistanceEnrolments).toMatchObject({ created: 1000, rejected: 0 });
  const tooMany = await hub.query(UPSERT, { records: [...records, enrolment('BULK-1000')] }, headers);
  expect(tooMany.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  expect(await hub.sql(`select 1 from civil_affairs.assistance_enrolment where source_record_id = 'BULK-1000'`)).toEqual([]);
});

it("confines a region-scoped writer to households in its region (others' records do not exist for it)", async () => {
  const headers = await hub.as('civil-affairs', { region: '410823102' });
  const liu = fixturePersons[4]!; // household 3, 西陶村 410823102001
  const res = await hub.query(UPSERT, {
    records: [
      enrolment('REG-1', { idNumber: liu.idNumber, name: liu.name }),
      enrolment('REG-2'), // 王建国, household 1 in 詹店镇
      enrolment('REG-3', { idNumber: buildIdNumber('410823', '1970-01-01', 7), name: '新人' }), // new, no household named
    ],
  }, headers);
  expect(res.body.data.upsertAssistanceEnrolments.records.map((r: any) => [r.sourceRecordId, r.status, r.code])).toEqual([
    ['REG-1', 'CREATED', null],
    ['REG-2', 'REJECTED', 'OUT_OF_REGION'],
    ['REG-3', 'REJECTED', 'OUT_OF_REGION'],
  ]);
  expect(await hub.sql(`select 1 from core.person where name = '新人'`)).toEqual([]);
  const end = await hub.query(`mutation { endAssistanceEnrolments(sourceRecordIds: ["GQL-1", "REG-1"]) { records { sourceRecordId status code } } }`, {}, headers);
  expect(end.body.data.endAssistanceEnrolments.records).toEqual([
    { sourceRecordId: 'GQL-1', status: 'REJECTED', code: 'NOT_FOUND' },
    { sourceRecordId: 'REG-1', status: 'UPDATED', code: null },
  ]);
});
