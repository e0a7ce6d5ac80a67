import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); CAREGRAPH_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.CAREGRAPH_CHROMIUM ?? '/usr/bin/chromium';
export const browserAvailable = fs.existsSync(CHROMIUM);

/** Screenshots and downloads of the browser tests (git-ignored). */
export const OUTPUT_DIR = path.resolve('test/output');

/** `describe`, or a visibly skipped one where no browser is installed. */
export function describeInBrowser(name: string, fn: () => void): void {
  if (browserAvailable) return describe(name, fn);
  console.warn(`SKIPPED browser tests "${name}": no Chromium at ${CHROMIUM} (install it with: apt-get install -y chromium)`);
  describe.skip(name, fn);
}

/** A headless Chromium with a fresh temporary profile, reaching nothing but the test hub. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Opens the report builder and logs in with `key`; resolves when the builder is ready. */
export async function logIn(page: Page, baseUrl: string, key: string, purpose = 'STATISTICS'): Promise<void> {
  await page.goto(`${baseUrl}/reports`);
  // A key from an earlier login in this tab would log straight in: start from the form.
  if (await page.evaluate(() => sessionStorage.length > 0)) {
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${baseUrl}/reports`);
  }
  await page.fill('#key', key);
  await page.selectOption('#purpose', purpose);
  await page.click('#login button[type=submit]');
  await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
}

/** The bearer key inside headers made by TestHub.as(). */
export const keyOf = (headers: Record<string, string>) => headers.authorization!.replace(/^Bearer /, '');
