import { spawn, type ChildProcess } from 'node:child_process';
import { REPORT_RANDOM_PAGE_COST } from '../../src/reports/run-report.js';

/**
 * The young-generation size `npm start` gives the hub (package.json), and the bench gives every
 * server alike: a CareGraph Q1 request allocates ~300 KB that dies young, and with the default
 * (16 MB) scavenges run four times as often.
 */
export const NODE_GC_ARGS = ['--max-semi-space-size=64'];

/** How CareGraph's server processes run in benchmarks: as `npm start` runs the hub. */
export const CAREGRAPH_NODE_ARGS = [...NODE_GC_ARGS, '--import', 'tsx'];

/**
 * PostgreSQL session options of the PostGraphile and ceiling pools (`-c name=value …`): serial
 * plans, as CareGraph's sessions by default (src/db/parallel-workers.ts); the ceiling's report
 * also with the random_page_cost CareGraph's reports use (run-report.ts).
 */
export const PEER_SESSION_OPTIONS = process.env.BENCH_PEER_PG_OPTIONS ?? '-c max_parallel_workers_per_gather=0';
export const PEER_REPORT_SESSION_OPTIONS = `${PEER_SESSION_OPTIONS} -c random_page_cost=${REPORT_RANDOM_PAGE_COST}`;

export interface ServerProcess {
  name: string;
  pid: number;
  url: string;
  /** Whatever the server printed after its URL on the READY line (e.g. API keys as JSON). */
  extra: string;
  stop(): Promise<void>;
}

/**
 * Starts one benchmark server as its own OS process (so its CPU and RSS can be read from /proc)
 * and waits for its `READY <url> [extra]` line. The binary is spawned directly — no npx wrapper —
 * so the pid is the server's.
 */
export function startServer(name: string, command: string, args: string[], env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  return new Promise((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null) => reject(new Error(`${name} exited (${code}) before it was ready:\n${stderr}`));
    child.once('exit', onExit);
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (!line) return;
      child.off('exit', onExit);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      const [, url, ...rest] = line.trim().split(' ');
      resolve({
        name,
        pid: child.pid!,
        url: url!,
        extra: rest.join(' '),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => (clearTimeout(force), done()));
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
