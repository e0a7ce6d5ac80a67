import { Readable } from 'node:stream';
import { departments } from '../../src/departments/registry.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture, fixturePersons } from '../fixtures/county-fixture.js';
import { fakeDepartment } from '../fixtures/fake-department/index.js';
import { col, defineIntakeKind, int, text } from '../../src/contract/intake-kind.js';
import { importFile } from '../../src/ingest/file-import.js';

/** The extension contract for intake: a department declares kinds and gets the write API. */
const shiftKind = defineIntakeKind({
  department: 'volunteering', dbSchema: 'volunteering', table: 'shift', owner: 'person',
  name: 'shift', typeName: 'VolunteerShift', title: 'Volunteer shift (志愿服务时长)',
  columns: [col('task', ['服务内容'], text(100), { required: true }), col('hours', ['时长'], int(0, 24), { required: true })],
});
const volunteering = { ...fakeDepartment, intake: [shiftKind] };

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ departments: [...departments, volunteering], fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});

it("derives the department's upsert mutation, guarded by its own write scope (deny by default: the policy grants it to no role)", async () => {
  const res = await hub.query(
    `mutation { upsertVolunteerShifts(records: [{ sourceRecordId: "V-9", idNumber: "${fixturePersons[4]!.idNumber}", name: "刘芳", task: "送餐", hours: 2 }]) { created } }`,
  );
  expect(res.body.data.upsertVolunteerShifts).toBeNull();
  expect(res.body.errors![0]!.extensions!.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
});

it("imports the department's file through the shared pipeline and shows the record under Person", async () => {
  const csv = `来源记录号,身份证号,姓名,服务内容,时长\nV-10,${fixturePersons[4]!.idNumber},刘芳,陪伴老人,3\nV-11,${fixturePersons[4]!.idNumber},刘芳,巡河,25\n`;
  const summary = await importFile(hub.hub.orm.em, shiftKind, Readable.from([Buffer.from(csv)]), { format: 'csv', caller: 'fake-test' });
  expect(summary).toMatchObject({ created: 1, rejected: 1 });
  const res = await hub.query(`{ person(id: "5") { volunteering { shifts { task hours provenance { sourceRecordId ingestedBy } } } } }`);
  expect(res.body.data.person.volunteering.shifts).toEqual([{ task: '陪伴老人', hours: 3, provenance: { sourceRecordId: 'V-10', ingestedBy: 'fake-test' } }]);
});
