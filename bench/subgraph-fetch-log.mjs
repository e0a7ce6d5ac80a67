/**
 * Preloaded into subgraph processes by bench/federation-fetch-cpu.ts (`node --import …`): counts
 * the GraphQL fetches (POSTs) the process serves and, with BENCH_FETCH_LOG set, appends the first
 * BENCH_FETCH_LOG_MAX request bodies to `$BENCH_FETCH_LOG.<pid>` (to see what a router sends).
 * The count goes to `$BENCH_FETCH_COUNT_DIR/<pid>` on SIGUSR2 (bench/support/count-http-requests.mjs).
 * Plain JavaScript: it loads before tsx.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import fs from 'node:fs';
import { counted, countOnly } from './support/count-http-requests.mjs';

const isFetch = (request) => request.method === 'POST';
countOnly(isFetch);
let logged = 0;
const log = process.env.BENCH_FETCH_LOG;
const max = Number(process.env.BENCH_FETCH_LOG_MAX ?? 40);
diagnosticsChannel.subscribe('http.server.request.start', ({ request }) => {
  if (!isFetch(request) || !log || logged >= max) return;
  logged++;
  const chunks = [];
  request.on('data', (c) => chunks.push(c));
  request.on('end', () => fs.appendFileSync(`${log}.${process.pid}`, `${Buffer.concat(chunks).toString('utf8')}\n`));
});

// BENCH_SQL_LOG: also append every SQL statement this process sends (first BENCH_FETCH_LOG_MAX × 10), with the POST it belongs to.
if (process.env.BENCH_SQL_LOG) {
  const { default: pg } = await import('pg');
  let statements = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, ...rest) {
    if (statements++ < max * 10) {
      const text = typeof config === 'string' ? config : (config?.text ?? config?.name ?? '?');
      fs.appendFileSync(`${process.env.BENCH_SQL_LOG}.${process.pid}`, `[post ${counted()}] ${String(text).replace(/\s+/g, ' ').slice(0, 300)}\n`);
    }
    return original.call(this, config, ...rest);
  };
}
