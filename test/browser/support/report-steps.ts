import type { Page } from 'playwright-core';

/** Chooses dimensions for the builder's slots: `[dimension, 'row' | 'column']` in order. */
export async function chooseDimensions(page: Page, dims: Array<[string, 'row' | 'column']>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await page.selectOption(`select.dimension[data-slot="${i}"]`, dims[i]?.[0] ?? '');
    await page.selectOption(`select.axis[data-slot="${i}"]`, dims[i]?.[1] ?? 'row');
  }
}

/** Adds a condition to the root filter group: field path and the enum values to tick. */
export async function addEnumCondition(page: Page, fieldPath: string, values: string[]): Promise<void> {
  const root = page.locator('.filter-builder > .group').first();
  await root.locator(':scope > .row .add-condition').click();
  const cond = root.locator(':scope > .cond').last();
  await cond.locator('select.field').selectOption(fieldPath);
  for (const value of values) await cond.locator(`input[type=checkbox][value="${value}"]`).check();
}

/** Clicks Run (or another button that runs a report) and waits for a newer table than before. */
export async function runAndWait(page: Page, button = '#run'): Promise<void> {
  const before = await page.evaluate(() => Number(document.querySelector('#pivot')?.getAttribute('data-run') ?? 0));
  await page.click(button);
  await page.waitForFunction((n) => Number(document.querySelector('#pivot')?.getAttribute('data-run') ?? 0) > n || !!document.querySelector('#status.error:not(:empty)'), before, { timeout: 60_000 });
}

/** Text of the PERSONS cell for a row's keys, as the table shows it. */
export function cellText(page: Page, keys: Array<string | null>, measure = 'PERSONS'): Promise<string | null> {
  return page.locator(`#pivot td[data-keys='${JSON.stringify(keys)}'][data-measure="${measure}"]`).first().textContent();
}
