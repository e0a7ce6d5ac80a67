import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import { describeInBrowser, keyOf, launchBrowser, logIn, OUTPUT_DIR } from './support/browser.js';
import { addEnumCondition, cellText, chooseDimensions, runAndWait } from './support/report-steps.js';

/**
 * The report builder (/reports) in a real headless Chromium against a real hub on a seeded
 * county: what the page shows must be what the API answers for the same caller.
 */
const COUNTY = '410823';
const DIBAO = { civilAffairs: { assistanceProgram: ['DIBAO'], assistanceStatus: ['ACTIVE'] } };
const REPORT = `query($input: ReportInput!) { report(input: $input) { suppressionThreshold rows { keys labels cells { measure value suppressed } } } }`;

interface ApiRow { keys: Array<string | null>; labels: Array<string | null>; cells: Array<{ measure: string; value: number | null; suppressed: boolean }> }

let hub: TestHub;
let browser: Browser;
let context: BrowserContext;
let office: Record<string, string>;
const external: string[] = [];
/** Console errors and uncaught exceptions of the current test's page (a CSP violation is one). */
let consoleErrors: string[] = [];

describeInBrowser('report builder page', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    hub = await startTestHub({ fixture: (c) => seedDemoData(c, { persons: 3000, county: COUNTY, seed: 7 }).then(() => undefined) });
    office = await hub.as('leading-group-office', { purpose: 'STATISTICS' });
    const run = await hub.query('mutation { runMonitoring { id } }');
    expect(run.body.errors).toBeUndefined();
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  let page: Page;
  beforeEach(async () => {
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    consoleErrors = [];
    page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
    page.on('request', (req) => { if (!req.url().startsWith(hub.baseUrl) && !req.url().startsWith('blob:') && !req.url().startsWith('data:')) external.push(req.url()); });
  });
  afterEach(async () => {
    await context?.close();
  });

  async function apiReport(headers: Record<string, string>, input: unknown): Promise<{ suppressionThreshold: number | null; rows: ApiRow[] }> {
    const res = await hub.query(REPORT, { input }, headers);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.report;
  }

  it('builds township × disability grade for 低保 as the office, matching the API cell by cell, then saves, reloads and exports it', async () => {
    await logIn(page, hub.baseUrl, keyOf(office));
    await chooseDimensions(page, [['REGION_TOWNSHIP', 'row'], ['DISABILITY_GRADE', 'column']]);
    await addEnumCondition(page, 'civilAffairs.assistanceProgram', ['DIBAO']);
    await addEnumCondition(page, 'civilAffairs.assistanceStatus', ['ACTIVE']);
    await page.fill('#report-title', '低保人员残疾等级分布');
    await runAndWait(page);

    const expected = await apiReport(office, { groupBy: ['REGION_TOWNSHIP', 'DISABILITY_GRADE'], filter: { and: [DIBAO, { regionCode: COUNTY }] } });
    expect(expected.suppressionThreshold).toBe(5);
    const shown = (row: ApiRow) => (row.cells[0]!.suppressed ? '<5' : new Intl.NumberFormat('zh-CN').format(row.cells[0]!.value!));
    for (const row of expected.rows) expect([row.keys, await cellText(page, row.keys)]).toEqual([row.keys, shown(row)]);
    expect(await page.locator('#pivot td[data-measure=PERSONS]:not(.empty)').count()).toBe(expected.rows.length);
    // The data has both: cells withheld as <5 and visible counts of at least 5.
    expect(expected.rows.some((r) => r.cells[0]!.suppressed)).toBe(true);
    expect(await page.locator('#pivot td.suppressed', { hasText: '<5' }).count()).toBeGreaterThan(0);
    expect(expected.rows.some((r) => (r.cells[0]!.value ?? 0) >= 5)).toBe(true);
    await expect(page.locator('.legend').textContent()).resolves.toContain('<5');
    const grand = expected.rows.find((r) => r.keys.every((k) => k == null))!;
    await expect(page.locator('#pivot tr.grand td[data-measure=PERSONS]').last().textContent()).resolves.toBe(shown(grand));
    // The township comparison: one bar per township subtotal.
    const townships = expected.rows.filter((r) => r.keys[0] != null && r.keys[1] == null);
    expect(await page.locator('svg.bar-chart g[data-key]').count()).toBe(townships.length);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'report-builder.png'), fullPage: true });
    console.log(`screenshot: ${path.join(OUTPUT_DIR, 'report-builder.png')}`);

    await page.fill('#save-name', '低保残疾等级');
    await page.click('#save');
    await page.waitForSelector('#saved-list li[data-id] .name:text("低保残疾等级")');
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    const item = page.locator('#saved-list li[data-id]', { hasText: '低保残疾等级' });
    await item.locator('button.open').click();
    expect(await page.inputValue('select.dimension[data-slot="1"]')).toBe('DISABILITY_GRADE');
    await runAndWait(page, '#saved-list li[data-id] button.run-saved');
    for (const row of expected.rows) expect([row.keys, await cellText(page, row.keys)]).toEqual([row.keys, shown(row)]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
    const file = path.join(OUTPUT_DIR, 'report-builder.xlsx');
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    const text = sheet.getSheetValues().flat().map((v) => String(v ?? ''));
    expect(text).toContain('<5');
    for (const t of townships) expect(text).toContain(t.labels[0]);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csvText = fs.readFileSync(await csv.path()!, 'utf8');
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    expect(csvText).toContain('<5');

    // The saved report again, for one township only: its rows and the total, nothing else.
    const one = townships.find((t) => !t.cells[0]!.suppressed)!;
    await page.selectOption('select[data-level="9"]', one.keys[0]!.slice(0, 9));
    await runAndWait(page, '#saved-list li[data-id] button.run-saved');
    expect(new Set(await page.locator('#pivot tbody th.rowhead').allTextContents())).toEqual(new Set([one.labels[0], '合计']));
    await expect(page.locator('#pivot tr.grand td[data-measure=PERSONS]').last().textContent()).resolves.toBe(shown(one));
    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it('shows a spinner and a running clock while a report is computed, stays usable, and can cancel', async () => {
    await logIn(page, hub.baseUrl, keyOf(office));
    // Hold the report request for a while (it still goes to the real hub afterwards), as a 1M-person report would.
    let held = 0;
    await page.route('**/graphql', async (route) => {
      if (route.request().postData()?.includes('ReportBuilderRun')) {
        held += 1;
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }
      await route.continue().catch(() => {});
    });
    await page.click('#run');
    await page.waitForSelector('#loading .spinner');
    await page.waitForFunction(() => Number(document.querySelector('#loading .clock')?.textContent) >= 0.3);
    await page.click('#lang'); // the page answers while it waits
    await expect(page.locator('#tabs button[data-tab=builder]').textContent()).resolves.toBe('Report builder');
    await page.click('#cancel-run');
    await page.waitForSelector('#loading', { state: 'detached' });
    expect(await page.locator('#pivot').count()).toBe(0);
    await runAndWait(page);
    expect(await page.locator('#pivot td[data-measure=PERSONS]').count()).toBeGreaterThan(0);
    expect(held).toBe(2);
  }, 60_000);

  it('builds nested OR and NOT filter groups that select the persons the API selects', async () => {
    await logIn(page, hub.baseUrl, keyOf(office));
    await chooseDimensions(page, [['GENDER', 'row'], ['AGE_BAND', 'column']]);
    const root = page.locator('.filter-builder > .group');
    await root.locator(':scope > .row .add-group').click();
    const sub = root.locator(':scope > .group');
    await sub.locator(':scope > .row .add-condition').click();
    await sub.locator(':scope > .cond').last().locator('select.field').selectOption('gender');
    await sub.locator(':scope > .cond').last().locator('select:not(.field)').selectOption('FEMALE');
    await sub.locator(':scope > .row .add-condition').click();
    await sub.locator(':scope > .cond').last().locator('select.field').selectOption('age');
    await sub.locator(':scope > .cond').last().locator('input[type=number]').first().fill('60');
    await sub.locator(':scope > .row input.not').check();
    await runAndWait(page);
    const expected = await apiReport(office, { groupBy: ['GENDER', 'AGE_BAND'], filter: { and: [{ not: { or: [{ gender: 'FEMALE' }, { age: { min: 60 } }] } }, { regionCode: COUNTY }] } });
    const detail = expected.rows.filter((r) => r.keys.every((k) => k != null));
    // Nobody female and nobody 60 or older is left.
    expect(detail.length).toBeGreaterThan(0);
    expect(detail.every((r) => r.keys[0] === 'MALE' && !['60-79', '80+'].includes(r.keys[1]!))).toBe(true);
    for (const row of expected.rows) {
      const text = row.cells[0]!.suppressed ? '<5' : new Intl.NumberFormat('zh-CN').format(row.cells[0]!.value!);
      expect([row.keys, await cellText(page, row.keys)]).toEqual([row.keys, text]);
    }
  }, 60_000);

  it('lists health dimensions to the office but not the clinical filter it may not use', async () => {
    await logIn(page, hub.baseUrl, keyOf(office));
    const dimensions = await page.locator('select.dimension[data-slot="0"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(dimensions).toEqual(expect.arrayContaining(['REGION_TOWNSHIP', 'DISABILITY_GRADE', 'FAMILY_DOCTOR_SIGNED']));
    await page.locator('.filter-builder .add-condition').first().click();
    const fields = await page.locator('.filter-builder select.field option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(fields).toEqual(expect.arrayContaining(['health.familyDoctorSigned', 'civilAffairs.assistanceProgram', 'regionCode']));
    expect(fields).not.toContain('health.conditionCode');
    // Labels are the SDL descriptions' Chinese terms, English on request.
    const township = page.locator('select.dimension[data-slot="0"] option[value=REGION_TOWNSHIP]');
    await expect(township.textContent()).resolves.toBe('乡镇');
    await page.click('#lang');
    await expect(township.textContent()).resolves.toBe('Township');
  }, 60_000);

  it('lists the region dimensions first, then core, then the departments in registry order (hrss last)', async () => {
    await logIn(page, hub.baseUrl, keyOf(office));
    const dimensions = await page.locator('select.dimension[data-slot="0"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(dimensions.slice(0, 3)).toEqual(['REGION_COUNTY', 'REGION_TOWNSHIP', 'REGION_VILLAGE']);
    const at = (key: string) => dimensions.indexOf(key);
    expect(at('GENDER')).toBeLessThan(at('ASSISTANCE_PROGRAM')); // core before civil affairs
    expect(at('ASSISTANCE_PROGRAM')).toBeLessThan(at('DISABILITY_GRADE'));
    expect(at('FAMILY_DOCTOR_SIGNED')).toBeLessThan(at('MUTUAL_AID_ROLE')); // health before hrss
  }, 60_000);

  it('keeps a wide table inside its own scroll box at 1400 px: the page never scrolls sideways', async () => {
    await logIn(page, hub.baseUrl, keyOf(office));
    // Villages across the columns: the widest table the county gives.
    await chooseDimensions(page, [['GENDER', 'row'], ['REGION_VILLAGE', 'column']]);
    await runAndWait(page);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      table: document.querySelector('#pivot')!.scrollWidth,
      box: document.querySelector('.pivot-wrap')!.clientWidth,
    }));
    expect(widths.viewport).toBe(1400);
    expect(widths.table).toBeGreaterThan(widths.box); // the table is wider than its box, which scrolls
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    await page.click('#tabs button[data-tab=warnings]');
    await page.waitForSelector('#warning-counts');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }, 60_000);

  it('shares a saved report with a role, and only its owner can delete it', async () => {
    const colleague = await hub.as('leading-group-office', { region: COUNTY, purpose: 'STATISTICS' });
    const created = await hub.query(`mutation($input: SavedReportInput!) { createSavedReport(input: $input) { id } }`,
      { input: { name: '共享测试', sharedWithRoles: ['leading-group-office'], definition: { groupBy: ['GENDER'] } } }, office);
    const id = created.body.data.createSavedReport.id;
    const item = page.locator(`#saved-list li[data-id="${id}"]`);
    await logIn(page, hub.baseUrl, keyOf(colleague));
    await item.locator('button.delete').click();
    await page.waitForSelector('#status.info:has-text("只有创建者")');
    expect(await item.count()).toBe(1);
    await logIn(page, hub.baseUrl, keyOf(office));
    await item.locator('button.delete').click();
    await item.waitFor({ state: 'detached' });
    const left = await hub.query(`{ savedReports { id } }`, {}, office);
    expect(left.body.data.savedReports.map((r: { id: string }) => r.id)).not.toContain(id);
  }, 60_000);

  /** The first township of the county holding households, as `{ prefix, name }`. */
  async function firstTownship(): Promise<{ prefix: string; name: string }> {
    const [row] = await hub.sql(`select substr(r.code, 1, 9) as prefix, r.name from core.region r where r.level = 'TOWNSHIP' and r.code like '${COUNTY}%'
      and exists (select 1 from core.household h where h.region_code like substr(r.code, 1, 9) || '%') order by r.code limit 1`);
    return row;
  }

  it('shows a township official holding the office role only its own township', async () => {
    const township = await firstTownship();
    const official = await hub.as(['township-official', 'leading-group-office'], { region: township.prefix });
    await logIn(page, hub.baseUrl, keyOf(official), 'CASE_MANAGEMENT');
    await chooseDimensions(page, [['REGION_TOWNSHIP', 'row'], ['DISABILITY_GRADE', 'column']]);
    await runAndWait(page);
    const rowHeads = await page.locator('#pivot tbody tr th.rowhead').allTextContents();
    expect(new Set(rowHeads)).toEqual(new Set([township.name, '合计']));
    const all = await apiReport(office, { groupBy: ['REGION_TOWNSHIP'], filter: { regionCode: COUNTY } });
    expect(all.rows.filter((r) => r.keys[0] != null).length).toBeGreaterThan(1);
  }, 60_000);

  it('counts open warnings by rule and township as the API does and drills down to masked households, read-only for the office', async () => {
    await logIn(page, hub.baseUrl, keyOf(office));
    await page.click('#tabs button[data-tab=warnings]');
    await page.waitForSelector('#warning-counts');
    const drills = page.locator('#warning-counts button.drill');
    expect(await drills.count()).toBeGreaterThan(0);
    const first = drills.first();
    const [rule, region, shown] = await Promise.all([first.getAttribute('data-rule'), first.getAttribute('data-region'), first.textContent()]);
    const count = `query($r: MonitoringRuleCode!, $c: String!) { warnings(rules: [$r], status: [OPEN], filter: { regionCode: $c }, first: 1) { totalCount } }`;
    const api = await hub.query(count, { r: rule, c: region }, office);
    expect(Number(shown)).toBe(api.body.data.warnings.totalCount);
    // The office sees the count under disclosure control; the list holds the warnings themselves.
    const exact = (await hub.query(count, { r: rule, c: region }, await hub.as('admin'))).body.data.warnings.totalCount;
    expect(Number(shown) % 5).toBe(0);
    expect(Math.abs(Number(shown) - exact)).toBeLessThan(5);
    await first.click();
    await page.waitForSelector('#warning-list tr[data-warning]');
    expect(await page.locator('#warning-list tr[data-warning]').count()).toBe(Math.min(20, exact));
    // The office may not identify persons: names come masked from the API (张* style).
    const households = await page.locator('#warning-list tr[data-warning] td:first-child').allTextContents();
    expect(households.every((text) => /\*/.test(text) || !/[\u4e00-\u9fff]/.test(text))).toBe(true);
    expect(await page.locator('#warning-list button.ack').count()).toBe(0);
  }, 60_000);

  it('says on the warnings tab when the counts were computed and what each rule found, as monitoringRuns reports', async () => {
    const api = await hub.query(`{ monitoringRuns(first: 1) { id asOf rules { rule produced skippedForConsent } } }`, {}, office);
    expect(api.body.errors).toBeUndefined();
    const [run] = api.body.data.monitoringRuns;
    await logIn(page, hub.baseUrl, keyOf(office));
    await page.click('#tabs button[data-tab=warnings]');
    await page.waitForSelector('#last-run .run-summary');
    expect(await page.getAttribute('#last-run', 'data-run')).toBe(run.id);
    const total = run.rules.reduce((sum: number, r: any) => sum + r.produced - r.skippedForConsent, 0);
    await expect(page.locator('#last-run .run-summary').textContent()).resolves.toContain(`判定日 ${run.asOf}`);
    await expect(page.locator('#last-run .run-summary').textContent()).resolves.toContain(`共发现 ${total.toLocaleString('zh-CN')} 项`);
    const followUp = run.rules.find((r: any) => r.rule === 'FOLLOW_UP_OVERDUE');
    await expect(page.locator('#last-run span[data-rule=FOLLOW_UP_OVERDUE]').textContent()).resolves.toContain(String(followUp.produced - followUp.skippedForConsent));
  }, 60_000);

  it('says so, and how to run one, when no monitoring run has happened', async () => {
    await logIn(page, hub.baseUrl, keyOf(office));
    // A hub that has never been monitored answers an empty list.
    await page.route('**/graphql', async (route) => {
      if (route.request().postData()?.includes('ReportBuilderLastRun')) return route.fulfill({ json: { data: { monitoringRuns: [] } } });
      return route.continue();
    });
    await page.click('#tabs button[data-tab=warnings]');
    await page.waitForSelector('#last-run .no-run');
    await expect(page.locator('#last-run .no-run').textContent()).resolves.toContain('npm run monitor');
  }, 60_000);

  it('lets a township official acknowledge a warning of its township, and only its township has any', async () => {
    const township = await firstTownship();
    const official = await hub.as('township-official', { region: township.prefix });
    await logIn(page, hub.baseUrl, keyOf(official), 'CASE_MANAGEMENT');
    await expect(page.locator('#no-reports').textContent()).resolves.toContain('reports:read');
    await page.click('#tabs button[data-tab=warnings]');
    await page.waitForSelector('#warning-counts');
    const regions = await page.locator('#warning-counts button.drill').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-region')!));
    expect(regions.length).toBeGreaterThan(0);
    for (const r of regions) expect([township.prefix, COUNTY]).toContain(r);
    await page.locator(`#warning-counts button.drill[data-region="${township.prefix}"]`).first().click();
    const row = page.locator('#warning-list tr[data-warning]').first();
    const id = await row.getAttribute('data-warning');
    await row.locator('button.ack').click();
    await page.waitForFunction((wid) => document.querySelector(`tr[data-warning="${wid}"] .warning-status`)?.textContent === '已接收', id);
    const res = await hub.query(`query($id: ID!) { warning(id: $id) { status statusChangedBy } }`, { id });
    expect(res.body.data.warning.status).toBe('ACKNOWLEDGED');
  }, 60_000);

  it('offers an education key no report options at all, health or otherwise, and says why', async () => {
    const education = await hub.as('education', { purpose: 'CASE_MANAGEMENT' });
    await logIn(page, hub.baseUrl, keyOf(education), 'CASE_MANAGEMENT');
    await expect(page.locator('#no-reports').textContent()).resolves.toContain('reports:read');
    expect(await page.locator('option[value=FAMILY_DOCTOR_SIGNED], option[value^="health."], select.dimension').count()).toBe(0);
    await page.click('#tabs button[data-tab=warnings]');
    await expect(page.locator('#no-warnings').textContent()).resolves.toContain('warnings:read');
  }, 60_000);

  it('explains an invalid key in plain words and stays on the login form', async () => {
    await page.goto(`${hub.baseUrl}/reports`);
    await page.fill('#key', 'cg_nope_0000000000');
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#status.error:not(:empty)');
    await expect(page.locator('#status').textContent()).resolves.toContain('密钥无效或已过期');
    expect(await page.locator('#login').count()).toBe(1);
  }, 60_000);

  it('is linked from GraphiQL and may load nothing from anywhere but the hub', async () => {
    const graphiql = await fetch(`${hub.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('href="/reports"');
    const res = await fetch(`${hub.baseUrl}/reports`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
