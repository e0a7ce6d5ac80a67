import { departments } from '../../src/departments/registry.js';
import type { DepartmentModule } from '../../src/contract/department-module.js';
import type { MonitoringRule } from '../../src/contract/monitoring-rule.js';
import { evidenceArray } from '../../src/monitoring/evidence-sql.js';
import { buildSchema } from '../../src/server/schema.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';
import { fakeDepartment } from '../fixtures/fake-department/index.js';

/** The extension contract for rules: a department module contributes a rule and its SDL enum value; the runner and API pick both up. */
const longShifts: MonitoringRule = {
  code: 'VOLUNTEER_LONG_SHIFT',
  description: 'A volunteer shift of at least `minHours` hours (志愿服务时长过长).',
  evidenceScopes: ['person:read'],
  requiresConsent: false,
  parameters: [{ name: 'minHours', description: 'Hours (时长).', defaultValue: 4, min: 1, max: 24, integer: true }],
  select: ({ param }) => `
    select h.id as household_id, array[p.id] as person_ids,
           ${evidenceArray([{ department: 'volunteering', field: 'VolunteerShift.hours', label: '时长 hours', value: 's.hours', personId: 'p.id', recordId: 's.id' }])} as evidence,
           'shift:' || s.id as dedupe_key
      from volunteering.shift s join core.person p on p.id = s.person_id join core.household h on h.id = p.household_id
     where s.hours >= ${param('minHours')}`,
};

const volunteeringWithRule: DepartmentModule = {
  ...fakeDepartment,
  typeDefs: `${fakeDepartment.typeDefs as string}
    extend enum MonitoringRuleCode {
      "A volunteer shift of at least \`minHours\` [4] hours (志愿服务时长过长)."
      VOLUNTEER_LONG_SHIFT
    }`,
  rules: [longShifts],
};

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({
    departments: [...departments, volunteeringWithRule],
    fixture: async (client) => {
      await loadCountyFixture(client);
      await client.query(`insert into volunteering.shift (person_id, source_record_id, task, hours) values (5, 'V-1', '陪伴老人', 4), (1, 'V-2', '巡河', 3)`);
    },
  });
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

test("a department's own rule runs with the hub's and its warnings are listed like theirs", async () => {
  const run = await hub.query(`mutation { runMonitoring(year: 2025) { rules { rule created } } }`);
  expect(run.body.errors).toBeUndefined();
  const rules = run.body.data.runMonitoring.rules.map((r: any) => r.rule);
  expect(rules.slice(-2)).toEqual(['VOLUNTEER_LONG_SHIFT', 'CONSENT_MISSING']);
  const res = await hub.query(`{ warnings(rules: [VOLUNTEER_LONG_SHIFT]) { nodes { rule persons { id } evidence { department field value } } } }`);
  expect(res.body.data.warnings.nodes).toEqual([
    { rule: 'VOLUNTEER_LONG_SHIFT', persons: [{ id: '5' }], evidence: [{ department: 'volunteering', field: 'VolunteerShift.hours', value: '4' }] },
  ]);
});

test('a rule without its SDL enum value stops the schema from building', () => {
  const undeclared = { ...fakeDepartment, rules: [longShifts] };
  expect(() => buildSchema([...departments, undeclared])).toThrow(/VOLUNTEER_LONG_SHIFT is not a value of MonitoringRuleCode/);
});
