import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';

const entry = fileURLToPath(new URL('./subgraph-main.ts', import.meta.url));

/** Subgraph child processes started by this process, stopped by their own pids. */
export interface SubgraphProcesses {
  urls: Record<string, string>;
  /** OS process id of each subgraph (benchmarks read their CPU from /proc). */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

async function waitUntilHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const health = url.replace(/\/graphql$/, '/healthz');
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`subgraph at ${url} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(health, { signal: AbortSignal.timeout(1_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`subgraph at ${url} did not become healthy within ${timeoutMs / 1000} s`);
}

/**
 * Starts one process per subgraph (`subgraph-main.ts`), subgraph i on `firstPort + i`, all on
 * the same database and secret, and waits until each answers /healthz.
 */
export async function startSubgraphProcesses(opts: {
  names: readonly string[];
  firstPort: number;
  databaseUrl: string;
  secret: string;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** More Node options for each subgraph process (benchmarks profile them with `--cpu-prof`). */
  nodeArgs?: readonly string[];
  /** How long each may take to answer /healthz (default 90 s; a benchmark on a loaded machine waits longer). */
  healthyTimeoutMs?: number;
}): Promise<SubgraphProcesses> {
  const children = new Map<string, ChildProcess>();
  const urls: Record<string, string> = {};
  const stop = async () => {
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    opts.names.forEach((name, i) => {
      const port = opts.firstPort + i;
      urls[name] = `http://127.0.0.1:${port}/graphql`;
      const child = spawn(process.execPath, ['--max-semi-space-size=64', ...(opts.nodeArgs ?? []), '--import', 'tsx', entry], {
        env: { ...process.env, ...opts.env, SUBGRAPH: name, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: opts.databaseUrl, CAREGRAPH_FEDERATION_SECRET: opts.secret },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      children.set(name, child);
    });
    await Promise.all(opts.names.map((name) => waitUntilHealthy(urls[name]!, children.get(name)!, opts.healthyTimeoutMs ?? 90_000)));
    opts.logger.info({ subgraphs: urls }, 'subgraphs are serving');
  } catch (err) {
    await stop();
    throw err;
  }
  return { urls, pids: Object.fromEntries([...children].map(([name, child]) => [name, child.pid!])), stop };
}
