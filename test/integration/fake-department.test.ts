import { departments } from '../../src/departments/registry.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';
import { fakeDepartment } from '../fixtures/fake-department/index.js';

/** The extension contract: a department added from outside the core, queried through Person. */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({
    departments: [...departments, fakeDepartment],
    fixture: async (client) => {
      await loadCountyFixture(client);
      await client.query(
        `insert into volunteering.shift (person_id, source_record_id, task, hours) values (5, 'V-1', '陪伴老人', 4), (5, 'V-2', '送餐', 2), (1, 'V-3', '巡河', 1)`,
      );
    },
  });
});
afterAll(async () => {
  await hub?.close();
});

it('a fake department runs its own migration and shows its records under Person', async () => {
  const res = await hub.query(`{ person(id: "5") { name volunteering { shifts { task hours provenance { department sourceRecordId } } } } }`);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.person).toEqual({
    name: '刘芳',
    volunteering: {
      shifts: [
        { task: '陪伴老人', hours: 4, provenance: { department: 'volunteering', sourceRecordId: 'V-1' } },
        { task: '送餐', hours: 2, provenance: { department: 'volunteering', sourceRecordId: 'V-2' } },
      ],
    },
  });
});

it("a fake department's filter predicate joins the one PersonFilter language", async () => {
  const res = await hub.query(`{ persons(filter: { volunteering: { minHours: 2 }, or: [{ gender: FEMALE }] }) { totalCount nodes { id } } }`);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.persons).toEqual({ totalCount: 1, nodes: [{ id: '5' }] });
});

it('the real departments still answer beside the fake one', async () => {
  const res = await hub.query(`{ person(id: "1") { civilAffairs { enrolments { program } } volunteering { shifts { hours } } } }`);
  expect(res.body.data.person).toEqual({ civilAffairs: { enrolments: [{ program: 'DIBAO' }] }, volunteering: { shifts: [{ hours: 1 }] } });
});
