import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** What bench/support/load-worker.ts runs: one autocannon load against one POST. */
export interface LoadWorkerOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /**
   * A header given a fresh value on every request (`x-request-id`), as clients and edge proxies
   * send one: a federated subgraph audits, and merges entity fetches, per client request id.
   */
  requestIdHeader?: string;
}

/** Runs bench/support/load-worker.ts in its own process (no event loop shared with any server) and returns its summary (req/s, completed, latency percentiles, errors). */
export function runLoadWorker(opts: LoadWorkerOptions): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('bench/support/load-worker.ts'), JSON.stringify(opts)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`load worker exited ${code}`))));
  });
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  errors: number;
  non2xx: number;
  total: number;
}

/**
 * Runs autocannon in its own process (so the load generator does not share the server's event
 * loop) against one GraphQL POST and returns its summary.
 */
export function runLoad(opts: { url: string; body: string; headers: Record<string, string>; connections: number; seconds: number }): Promise<LoadResult> {
  const bin = path.join(path.dirname(require.resolve('autocannon/package.json')), 'autocannon.js');
  const args = [bin, '-j', '-c', String(opts.connections), '-d', String(opts.seconds), '-m', 'POST', '-b', opts.body, '-H', 'content-type=application/json'];
  for (const [k, v] of Object.entries(opts.headers)) args.push('-H', `${k}=${v}`);
  args.push(opts.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}`));
      const r = JSON.parse(out);
      resolve({
        requestsPerSecond: r.requests.average,
        latencyP50: r.latency.p50,
        latencyP99: r.latency.p99,
        errors: r.errors,
        non2xx: r.non2xx,
        total: r.requests.total,
      });
    });
  });
}
