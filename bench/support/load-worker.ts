/**
 * One autocannon run in its own process (so the load generator shares no event loop with any
 * server): reads its options as JSON from argv[2], prints one JSON summary. Every response time is
 * kept so p95 is exact (autocannon's own summary has p50/p90/p97.5/p99 but no p95).
 */
import autocannon from 'autocannon';
import type { LoadWorkerOptions } from './load.js';

const opts = JSON.parse(process.argv[2]!) as LoadWorkerOptions;
let sent = 0;
const times: number[] = [];
const instance = autocannon({
  url: opts.url,
  method: 'POST',
  body: opts.body,
  headers: { 'content-type': 'application/json', ...opts.headers },
  connections: opts.connections,
  duration: opts.seconds,
  ...(opts.requestIdHeader
    ? {
        requests: [
          {
            setupRequest: (req: { headers?: Record<string, string> }) => ({ ...req, headers: { ...req.headers, [opts.requestIdHeader!]: `bench-${process.pid}-${++sent}` } }),
          },
        ],
      }
    : {}),
});
instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
const result = await instance;
times.sort((a, b) => a - b);
const pct = (p: number) => (times.length ? Number(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1)) : null);
console.log(
  JSON.stringify({
    requestsPerSecond: Number((result.requests.total / opts.seconds).toFixed(1)),
    completed: result.requests.total,
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100), mean: Number(result.latency.mean.toFixed(1)) },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    bytesPerRequest: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
  }),
);
