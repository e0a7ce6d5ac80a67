import fs from 'node:fs';
import Fastify from 'fastify';
import { parse } from 'csv-parse/sync';
import { tempDirForFile } from '../support/temp-dir.js';
import { RejectsDownload, asciiJson } from '../../src/ingest/rejects-download.js';
import type { FileImportSummary } from '../../src/ingest/import-summary.js';

const SUMMARY = { created: 0, updated: 0, unchanged: 0, rejected: 100, dryRun: true, message: '试运行（未保存）：共 100 条' } as unknown as FileImportSummary;
// Its own directory: suites running beside it (intake-real-files) count what the hub leaves in the system's.
const root = tempDirForFile('rejects-download-');
const leftovers = () => fs.readdirSync(root).filter((f) => f.startsWith('caregraph-rejects-'));

/** One route that writes 100 rejected rows of ~100 bytes into a download bounded at `maxBytes`, then sends it. */
async function answer(maxBytes: number) {
  const app = Fastify();
  app.get('/', async (_request, reply) => {
    const download = new RejectsDownload(maxBytes, root);
    download.writeHeader(['来源记录号', '姓名', 'x'.repeat(10_000)]);
    for (let i = 0; i < 100; i++) await download.add({ rowNumber: i + 2, sourceRecordId: `R-${i}`, status: 'REJECTED', errors: [{ code: 'BAD_MONEY', field: 'monthlyAmount', message: '金额不是数字' }] }, [`R-${i}`, '某人', 'y'.repeat(60)]);
    return download.send(reply, SUMMARY, '../../etc/花名册.xlsx');
  });
  // A real socket: light-my-request's inject cannot load under jest's ESM mode.
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const res = await fetch(url);
    return { rawPayload: Buffer.from(await res.arrayBuffer()), headers: Object.fromEntries(res.headers) };
  } finally {
    await app.close();
  }
}

it('writes every row while under the bound, the header cut at the longest accepted cell', async () => {
  const res = await answer(1024 * 1024);
  const rows: string[][] = parse(res.rawPayload, { bom: true });
  expect(rows).toHaveLength(101);
  expect(rows[0]![4]).toMatch(/^x{4096}…（共10000个字符，已截断）$/);
  expect(JSON.parse(res.headers['x-import-summary'] as string)).toMatchObject({ rejectsListed: 100, rejectsNotListed: 0, message: SUMMARY.message });
  // The download is named after the upload, never a path from it.
  expect(res.headers['content-disposition']).toBe(`attachment; filename="rejects.csv"; filename*=UTF-8''${encodeURIComponent('花名册.rejects.csv')}`);
});

it('stops writing at the byte bound and counts the rest, so an amplified upload cannot fill the disk', async () => {
  const res = await answer(6_000); // the header line alone is ~4.2 KB
  const rows: string[][] = parse(res.rawPayload, { bom: true });
  const summary = JSON.parse(res.headers['x-import-summary'] as string);
  expect(rows.length - 1).toBe(summary.rejectsListed);
  expect(summary.rejectsListed).toBeGreaterThan(0);
  expect(summary.rejectsListed).toBeLessThan(100);
  expect(summary.rejectsListed + summary.rejectsNotListed).toBe(100);
  expect(res.rawPayload.length).toBeLessThan(6_000 + 200);
});

it('leaves no temporary file behind, sent or discarded, and keeps it private while it exists', async () => {
  const before = leftovers();
  const gone = async () => {
    for (let i = 0; i < 100 && leftovers().some((f) => !before.includes(f)); i++) await new Promise((r) => setTimeout(r, 20));
    return leftovers().filter((f) => !before.includes(f));
  };
  await answer(1024 * 1024);
  expect(await gone()).toEqual([]); // removed once the answer was sent
  const discarded = new RejectsDownload(undefined, root);
  const created = leftovers().filter((f) => !before.includes(f));
  expect(created).toHaveLength(1);
  expect((fs.statSync(`${root}/${created[0]}`).mode & 0o777).toString(8)).toBe('700');
  const file = `${root}/${created[0]}/rejects.csv`;
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 10)); // the write stream opens it asynchronously
  expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
  await discarded.discard();
  expect(await gone()).toEqual([]);
});

it('writes the summary header in ASCII that JSON.parse reads back exactly', () => {
  const value = { message: '共 20 条：新增 0；跳过合计行 1', n: 3, quote: '"\\' };
  expect(asciiJson(value)).toMatch(/^[\x20-\x7e]+$/);
  expect(JSON.parse(asciiJson(value))).toEqual(value);
});

it('can be discarded after it was closed for sending (a failed send) without waiting forever', async () => {
  const before = leftovers();
  const download = new RejectsDownload(undefined, root);
  const failing = { header: () => { throw new Error('reply gone'); } } as unknown as Parameters<RejectsDownload['send']>[0];
  await expect(download.send(failing, SUMMARY, 'x.csv')).rejects.toThrow('reply gone');
  await download.discard();
  expect(leftovers().filter((f) => !before.includes(f))).toEqual([]);
});
