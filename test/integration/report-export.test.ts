import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});

const SAVE = `mutation($input: SavedReportInput!) { createSavedReport(input: $input) { id name ownerId sharedWithRoles } }`;
const RUN = `query($id: ID!, $params: ReportParams) { runSavedReport(id: $id, params: $params) { title rows { keys labels cells { measure value suppressed } } } }`;

async function exportRequest(path: string, headers: Record<string, string>, body?: unknown) {
  return fetch(`${hub.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('saved reports', () => {
  it('are owned, shared with roles, run with parameters, and deleted by their owner only', async () => {
    const office = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
    const saved = await hub.query(SAVE, {
      input: { name: '乡镇人数', sharedWithRoles: ['admin'], definition: { groupBy: ['REGION_TOWNSHIP'], filter: { age: { min: 0 } } } },
    }, office);
    expect(saved.body.errors).toBeUndefined();
    const { id, ownerId } = saved.body.data.createSavedReport;
    expect(ownerId).toMatch(/^caller:/);

    const adminRun = await hub.query(RUN, { id, params: { regionCode: '410823101' } });
    expect(adminRun.body.data.runSavedReport.title).toBe('乡镇人数');
    expect(adminRun.body.data.runSavedReport.rows.map((r: any) => [r.labels[0], r.cells[0].value])).toEqual([['詹店镇', 6], [null, 6]]);

    const stranger = await hub.as(['leading-group-office', 'auditor'], { purpose: 'STATISTICS' });
    const hidden = await hub.query(RUN, { id }, stranger);
    expect(hidden.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const list = await hub.query(`{ savedReports { id } }`, {}, stranger);
    expect(list.body.data.savedReports).toEqual([]);

    const notOwner = await hub.query(`mutation($id: ID!) { deleteSavedReport(id: $id) }`, { id });
    expect(notOwner.body.data.deleteSavedReport).toBe(false);
    const deleted = await hub.query(`mutation($id: ID!) { deleteSavedReport(id: $id) }`, { id }, office);
    expect(deleted.body.data.deleteSavedReport).toBe(true);
    expect((await hub.query(RUN, { id })).body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it("check a saved definition against the runner's permissions, not the owner's", async () => {
    const saved = await hub.query(SAVE, {
      input: { name: '高血压', sharedWithRoles: ['leading-group-office'], definition: { groupBy: ['GENDER'], filter: { health: { conditionCode: ['I10'] } } } },
    });
    const office = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
    const res = await hub.query(RUN, { id: saved.body.data.createSavedReport.id }, office);
    expect(res.body.data.runSavedReport).toBeNull();
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE', field: 'savedReport.definition.filter.health.conditionCode' });
  });

  it('refuses to share with a role the policy does not know', async () => {
    const res = await hub.query(SAVE, { input: { name: 'x', sharedWithRoles: ['nobody'], definition: { groupBy: [] } } });
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.sharedWithRoles[0]' });
  });
});

describe('export', () => {
  it('streams a saved report as CSV with a BOM, Chinese headers and region names', async () => {
    const saved = await hub.query(SAVE, { input: { name: '分乡镇性别', definition: { groupBy: ['REGION_TOWNSHIP', 'GENDER'] } } });
    const res = await exportRequest(`/reports/${saved.body.data.createSavedReport.id}/export?format=csv`, await hub.as('admin'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['乡镇', '性别', '人数']);
    expect(rows).toContainEqual(['詹店镇', '男', '4']); // 王建国, 王小明, 张德福, 赵强
    expect(rows).toContainEqual(['西陶镇', '女', '2']);
    expect(rows.at(-1)).toEqual(['合计', '合计', '9']);
  });

  it('exports an ad-hoc report as XLSX with numbers as numbers and formula-looking text neutralised', async () => {
    const input = {
      title: '覆盖率',
      groupBy: ['REGION_TOWNSHIP'],
      customRates: [{ key: 'EVIL', label: '=HYPERLINK("http://x","y")', numerator: { gender: 'FEMALE' }, denominator: {} }],
    };
    const res = await exportRequest('/reports/export?format=xlsx', await hub.as('admin'), { input });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('覆盖率')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe('乡镇');
    expect(header).toContain(`'=HYPERLINK("http://x","y")`);
    expect(sheet.getRow(2).getCell(1).value).toBe('詹店镇');
    expect(sheet.getRow(2).getCell(2).value).toBe(6);
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeUndefined()));
  });

  it('applies the same suppression as the API', async () => {
    const office = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
    const res = await exportRequest('/reports/export?format=csv', office, { input: { groupBy: ['REGION_TOWNSHIP'] } });
    const rows: string[][] = parse(Buffer.from(await res.arrayBuffer()).subarray(3).toString('utf8'));
    expect(rows).toContainEqual(['西陶镇', '<5']);
    expect(rows).not.toContainEqual(['西陶镇', '3']);
  });

  it('answers 401, 403 and 400 like the API', async () => {
    expect((await exportRequest('/reports/export?format=csv', {}, { input: { groupBy: [] } })).status).toBe(401);
    expect((await exportRequest('/reports/export?format=csv', await hub.as('education'), { input: { groupBy: [] } })).status).toBe(403);
    const bad = await exportRequest('/reports/export?format=csv', await hub.as('admin'), { input: { groupBy: ['SHOE_SIZE'] } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].message).toContain('SHOE_SIZE');
    expect((await exportRequest('/reports/export?format=pdf', await hub.as('admin'), { input: { groupBy: [] } })).status).toBe(400);
    const office = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
    expect((await exportRequest('/reports/export?format=csv', office, { input: { filter: { health: { conditionCode: ['C'] } } } })).status).toBe(403);
  });
});
