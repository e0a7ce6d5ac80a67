/**
 * Preloaded into a benchmark's subgraph processes (`node --import …`): counts the HTTP requests
 * the process serves (GraphQL fetches; /healthz only while starting) through Node's own
 * `http.server.request.start` channel, so no server code changes. On SIGUSR2 the count goes to
 * `$BENCH_FETCH_COUNT_DIR/<pid>`. Plain JavaScript: it loads before tsx. A preload of its own
 * (bench/subgraph-fetch-log.mjs) imports it to count only some requests ({@link countOnly}).
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import fs from 'node:fs';
import path from 'node:path';

let served = 0;
let accept = () => true;
diagnosticsChannel.subscribe('http.server.request.start', ({ request }) => {
  if (accept(request)) served++;
});

/** Counts from now on only the requests `filter` accepts (every request unless called). */
export function countOnly(filter) {
  accept = filter;
}

/** Requests counted so far. */
export const counted = () => served;

const dir = process.env.BENCH_FETCH_COUNT_DIR;
// Written aside and renamed, so a reader polling for the file never sees it half written.
if (dir)
  process.on('SIGUSR2', () => {
    const file = path.join(dir, String(process.pid));
    fs.writeFileSync(`${file}.tmp`, String(served));
    fs.renameSync(`${file}.tmp`, file);
  });
