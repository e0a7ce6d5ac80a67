import type { DepartmentModule } from '../../src/contract/department-module.js';
import type { DimensionSpec } from '../../src/contract/report-dimension.js';
import { NONE } from '../../src/reports/dimension-sql.js';
import { departments } from '../../src/departments/registry.js';
import { disability } from '../../src/departments/disability/index.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';

/**
 * docs/extending.md's worked example "add a report dimension to disability", made only through
 * the module contract: the dimension's SQL in the module's `dimensions`, its enum value and scope
 * in the module's SDL. Nothing in src/reports/ or schema/ changes, yet reports, their labels, the
 * dimension filter and the scope guard all pick it up, against a real database.
 */
const DISABILITY_SUBSIDY_KIND: DimensionSpec = {
  label: '残疾人补贴类型',
  sql: `coalesce($j.v, 'NONE')`,
  join: `(select person_id, case when count(distinct kind) > 1 then 'BOTH' else min(kind) end as v from disability.subsidy where status = 'ACTIVE' group by person_id)`,
  labels: { ...NONE, LIVING: '生活补贴', NURSING: '护理补贴', BOTH: '两项补贴' },
};

const extendedDisability: DepartmentModule = {
  ...disability,
  typeDefs: `${disability.typeDefs as string}
extend enum ReportDimension {
  "Disability subsidies in force (残疾人两项补贴): LIVING, NURSING, BOTH or NONE."
  DISABILITY_SUBSIDY_KIND @requiresScopes(scopes: [["disability:read"]])
}
`,
  dimensions: { ...disability.dimensions, DISABILITY_SUBSIDY_KIND },
};

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ departments: departments.map((d) => (d === disability ? extendedDisability : d)), fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});

const REPORT = `query($input: ReportInput!) { report(input: $input) { dimensions { key label } rows { keys labels cells { value } } } }`;

it('a dimension a department adds through its module groups a report, with its labels', async () => {
  const res = await hub.query(REPORT, { input: { groupBy: ['DISABILITY_SUBSIDY_KIND'] } });
  expect(res.body.errors).toBeUndefined();
  const report = res.body.data.report;
  expect(report.dimensions).toEqual([{ key: 'DISABILITY_SUBSIDY_KIND', label: '残疾人补贴类型' }]);
  const cells = Object.fromEntries(report.rows.map((r: { keys: string[]; labels: string[]; cells: Array<{ value: number }> }) => [`${r.keys[0]}:${r.labels[0]}`, r.cells[0]!.value]));
  // 李秀英 (person 2) holds the one living subsidy in force; the other eight persons hold none.
  expect(cells).toEqual({ 'LIVING:生活补贴': 1, 'NONE:无': 8, 'null:null': 9 });
});

it('the same dimension filters persons, as every dimension does', async () => {
  const res = await hub.query(`{ persons(filter: { dimensions: [{ dimension: DISABILITY_SUBSIDY_KIND, values: ["LIVING"] }] }) { totalCount nodes { id } } }`);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.persons).toEqual({ totalCount: 1, nodes: [{ id: '2' }] });
});

it('a caller who cannot read disability records cannot group by it', async () => {
  const res = await hub.query(REPORT, { input: { groupBy: ['DISABILITY_SUBSIDY_KIND'] } }, await hub.as('education'));
  expect(res.body.data?.report ?? null).toBeNull();
  expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE' });
});
