import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';
import { describeInBrowser, launchBrowser } from './support/browser.js';

/**
 * GraphiQL (/graphql in a browser) on a fresh profile: the schema loads at first open (Docs,
 * autocomplete), and an API key typed into the Headers tab never lands in localStorage — office
 * PCs are shared.
 */
let hub: TestHub;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Status of every introspection request the page made. */
let introspections: number[];

describeInBrowser('GraphiQL', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    hub = await startTestHub({ fixture: loadCountyFixture });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    introspections = [];
    page.on('response', (res: Response) => {
      if (res.url().endsWith('/graphql') && res.request().postData()?.includes('IntrospectionQuery')) introspections.push(res.status());
    });
  });
  afterEach(async () => {
    await context?.close();
  });

  /** Opens the Docs explorer at the Query type and returns the field names it lists. */
  async function queryFieldsInDocs(): Promise<string[]> {
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.locator('.graphiql-doc-explorer a.graphiql-doc-explorer-type-name', { hasText: /^Query$/ }).first().click();
    await page.waitForSelector('.graphiql-doc-explorer a.graphiql-doc-explorer-field-name');
    return page.locator('.graphiql-doc-explorer a.graphiql-doc-explorer-field-name').allTextContents();
  }

  /** Replaces the Headers editor's text (CodeMirror) and lets GraphiQL store it. */
  async function setHeaders(headers: Record<string, string>): Promise<void> {
    await page.getByRole('button', { name: 'Headers' }).click();
    await page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(JSON.stringify(headers));
    await page.waitForTimeout(800); // GraphiQL stores editor changes after a debounce
  }

  it('opens with a working schema on a fresh profile: Docs lists the Query fields, no 401', async () => {
    await page.goto(`${hub.baseUrl}/graphql`);
    const fields = await queryFieldsInDocs();
    expect(fields).toEqual(expect.arrayContaining(['persons', 'household', 'regions']));
    expect(introspections.length).toBeGreaterThan(0);
    expect(introspections.every((status) => status === 200)).toBe(true);
    await expect(page.locator('.graphiql-editor-tool').textContent()).resolves.not.toContain('<API key');
  }, 60_000);

  it('keeps a typed API key out of localStorage (this tab only), and runs queries with it', async () => {
    const admin = await hub.as('admin', { purpose: 'CASE_MANAGEMENT' });
    await page.goto(`${hub.baseUrl}/graphql`);
    await queryFieldsInDocs();
    await setHeaders({ authorization: admin.authorization!, 'x-purpose': 'CASE_MANAGEMENT' });
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() => /"totalCount"/.test(document.querySelector('.graphiql-response')?.textContent ?? ''), null, { timeout: 30_000 });
    const stored = await page.evaluate(() => ({
      local: Object.entries(localStorage).filter(([k]) => k.startsWith('graphiql:')),
      session: Object.values(sessionStorage).join('\n'),
    }));
    expect(stored.local.map(([k]) => k)).toEqual(expect.arrayContaining(['graphiql:tabState', 'graphiql:queries'])); // tabs and history are kept
    const key = admin.authorization!.replace(/^Bearer /, '');
    expect(stored.local.filter(([, v]) => v.includes(key) || /Bearer cg_/.test(v))).toEqual([]);
    expect(stored.session).toContain(admin.authorization);
    // Reloading the tab keeps the key (this tab's sessionStorage).
    await page.reload();
    await page.waitForSelector('.graphiql-editor-tool');
    await page.getByRole('button', { name: 'Headers' }).click();
    await expect(page.locator('.graphiql-editor-tool').textContent()).resolves.toContain('Bearer');
  }, 60_000);

  it('still loads the schema when the Headers tab holds an invalid key', async () => {
    await page.goto(`${hub.baseUrl}/graphql`);
    await queryFieldsInDocs();
    await setHeaders({ authorization: 'Bearer cg_nope_0000000000', 'x-purpose': 'CASE_MANAGEMENT' });
    introspections = [];
    await page.reload();
    expect(await queryFieldsInDocs()).toContain('persons');
    expect(introspections.length).toBeGreaterThan(0);
    expect(introspections.every((status) => status === 200)).toBe(true);
  }, 60_000);
});
