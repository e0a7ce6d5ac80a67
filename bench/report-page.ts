/**
 * `npm run bench:report-page` (`tsx bench/report-page.ts`): the report builder page (/reports) at province-slice scale.
 * On the reusable BENCH_PERSONS (default 1,000,000) dataset, as the leading-group office in a
 * real headless Chromium: the bytes the page transfers on first load (before and after logging
 * in), and the time from clicking "Run" to the rendered table for township × disability grade
 * over active 低保 enrolments (BENCH_RUNS timed runs after 2 warm-ups), beside the same report
 * fetched directly from the API. Writes bench/results/report-page.json and .md.
 */
import fs from 'node:fs';
import os from 'node:os';
import pino from 'pino';
import type { Page, Request } from 'playwright-core';
import { departments } from '../src/departments/registry.js';
import { createHub } from '../src/server/hub.js';
import { createCaller } from '../src/auth/api-keys.js';
import { reusableDataset } from './support/reusable-dataset.js';
import { browserAvailable, CHROMIUM, launchBrowser, logIn } from '../test/browser/support/browser.js';
import { addEnumCondition, chooseDimensions, runAndWait } from '../test/browser/support/report-steps.js';

const persons = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 10);
const INPUT = {
  groupBy: ['REGION_TOWNSHIP', 'DISABILITY_GRADE'],
  filter: { and: [{ civilAffairs: { assistanceProgram: ['DIBAO'], assistanceStatus: ['ACTIVE'] } }, { regionCode: '410823' }] },
};
const QUERY = 'query($input: ReportInput!) { report(input: $input) { title suppressionThreshold dimensions { key label } measures { key label kind } rows { keys labels cells { measure value money suppressed } } } }';

if (!browserAvailable) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: Math.round(percentile(sorted, 50)), p95: Math.round(percentile(sorted, 95)), min: Math.round(sorted[0]!), max: Math.round(sorted.at(-1)!) };
};

/** Bytes of every finished request on the page, by phase, as Chromium counted them (headers + body). */
function trafficMeter(page: Page) {
  const finished: Request[] = [];
  page.on('requestfinished', (r) => finished.push(r));
  return async () => {
    const rows = await Promise.all(finished.splice(0).map(async (r) => {
      const sizes = await r.sizes();
      return { url: new URL(r.url()).pathname, body: sizes.responseBodySize, headers: sizes.responseHeadersSize };
    }));
    return { requests: rows.length, bodyBytes: rows.reduce((n, r) => n + r.body, 0), transferredBytes: rows.reduce((n, r) => n + r.body + r.headers, 0), files: rows };
  };
}

const dataset = await reusableDataset(persons);
const hub = await createHub({ url: dataset.url, departments, logger: pino({ level: 'warn' }), jwt: null });
const browser = await launchBrowser();
try {
  const { key } = await createCaller(hub.orm.em, { name: `bench-page-${Date.now()}`, roles: ['leading-group-office'] });
  const baseUrl = await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const meter = trafficMeter(page);

  await page.goto(`${baseUrl}/reports`, { waitUntil: 'networkidle' });
  const firstLoad = await meter();
  const loginStarted = performance.now();
  await page.fill('#key', key);
  await page.selectOption('#purpose', 'STATISTICS');
  await page.click('#login button[type=submit]');
  await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
  const loginMs = Math.round(performance.now() - loginStarted);
  const afterLogin = await meter();
  console.log(`first load: ${firstLoad.requests} requests, ${firstLoad.transferredBytes} B transferred (${firstLoad.bodyBytes} B bodies); login to ready: ${loginMs} ms, ${afterLogin.requests} requests, ${afterLogin.transferredBytes} B`);

  await chooseDimensions(page, [['REGION_TOWNSHIP', 'row'], ['DISABILITY_GRADE', 'column']]);
  await addEnumCondition(page, 'civilAffairs.assistanceProgram', ['DIBAO']);
  await addEnumCondition(page, 'civilAffairs.assistanceStatus', ['ACTIVE']);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-purpose': 'STATISTICS' };
  const apiTimes: number[] = [];
  /** The same report straight from the API, timed between page runs so both see the same load. */
  const apiRun = async () => {
    const t0 = performance.now();
    const res = (await (await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: QUERY, variables: { input: INPUT } }) })).json()) as { errors?: unknown };
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return performance.now() - t0;
  };
  const pageTimes: number[] = [];
  const inPage: number[] = [];
  const answers: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    await runAndWait(page);
    if (await page.locator('#status.error:not(:empty)').count()) throw new Error(String(await page.locator('#status').textContent()));
    if (i < 2) continue;
    pageTimes.push(performance.now() - t0);
    inPage.push(Number(await page.getAttribute('#pivot', 'data-ms')));
    answers.push(Number(await page.getAttribute('#pivot', 'data-answer-ms')));
    apiTimes.push(await apiRun());
  }
  const cells = await page.locator('#pivot td[data-measure=PERSONS]').count();
  const out = {
    benchmark: 'report-page',
    date: new Date().toISOString(),
    command: 'npm run bench:report-page',
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, chromium: browser.version(), loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))) },
    persons,
    datasetBuildSeconds: dataset.buildSeconds,
    datasetReused: dataset.reused,
    runs,
    firstLoad,
    login: { ms: loginMs, requests: afterLogin.requests, transferredBytes: afterLogin.transferredBytes },
    runToTable: summary(pageTimes),
    runToTableInPage: summary(inPage),
    runToAnswerInPage: summary(answers),
    apiOnly: summary(apiTimes),
    tableCells: cells,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/report-page.json', `${JSON.stringify(out, null, 2)}\n`);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  fs.writeFileSync('bench/results/report-page.md', `# Report builder page (${out.date.slice(0, 10)})

\`${out.command}\` — ${persons.toLocaleString('en')} persons (dataset ${dataset.reused ? 'reused, ' : ''}built in ${dataset.buildSeconds} s), leading-group office key, headless Chromium ${out.machine.chromium}; ${out.machine.cpus} × ${out.machine.cpuModel}, Node ${out.machine.node}, load average at the end ${out.machine.loadAverage.join(' / ')} (the machine is shared).

| what | value |
|---|---|
| first load (before login): requests | ${firstLoad.requests} |
| first load: transferred (headers + bodies, uncompressed) | ${firstLoad.transferredBytes.toLocaleString('en')} B (${kb(firstLoad.transferredBytes)}) — target < 1 MB |
| first load: bodies only | ${firstLoad.bodyBytes.toLocaleString('en')} B |
| login → builder ready (introspection + permission probes + region chain) | ${loginMs} ms, ${afterLogin.requests} requests, ${kb(afterLogin.transferredBytes)} |
| **Run → table, township × disability grade, 低保 active (p50)** | **${out.runToTable.p50} ms** (p95 ${out.runToTable.p95}, min ${out.runToTable.min}, max ${out.runToTable.max}; ${runs} runs after 2 warm-ups) |
| the same, timed by the page itself: click → finished table (p50) | ${out.runToTableInPage.p50} ms (p95 ${out.runToTableInPage.p95}) |
| of which click → API answer parsed (p50) | ${out.runToAnswerInPage.p50} ms (p95 ${out.runToAnswerInPage.p95}) |
| same report straight from the API, fetched by Node (p50) | ${out.apiOnly.p50} ms (p95 ${out.apiOnly.p95}) |
| table cells (PERSONS) | ${cells} |

Run → table is measured by the benchmark from the click on 运行 (Playwright's click) to the
finished \`#pivot\` of that run (the page's request, the report, JSON parsing, pivot, chart and
ranking rendering, and Playwright noticing); the page's own clock (\`data-ms\`) starts in the
click handler.

First-load files:

| path | bytes (body) |
|---|---|
${firstLoad.files.map((f) => `| ${f.url} | ${f.body} |`).join('\n')}
`);
  console.log(`Run → table p50 ${out.runToTable.p50} ms (API alone p50 ${out.apiOnly.p50} ms)`);
  await context.close();
} finally {
  await browser.close();
  await hub.close();
  await dataset.stop();
}
