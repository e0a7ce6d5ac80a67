/**
 * The federated hub behind a native router, as one process tree of `npm run bench:federation`:
 * every subgraph in its own process in forwarded trust mode (CAREGRAPH_SUBGRAPH_TRUST=forwarded,
 * as `npm run start:federated -- --router grafbase` runs them) and Grafbase Gateway (`grafbase dev`,
 * the pinned platform package) in front of them, on DATABASE_URL. This process only starts and
 * stops them: the router is the grafbase binary, whose pid is reported for CPU and RSS.
 * Subgraph fetches are counted inside each subgraph process (bench/support/count-http-requests.mjs,
 * read with SIGUSR2), since a native router has no plugin hook for it.
 * Prints `READY <url> <{"routerPid", "subgraphPids", "fetchCountDir"} JSON>` once serving.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { departments } from '../src/departments/registry.js';
import { startSubgraphProcesses } from '../src/federation/subgraph-processes.js';
import { fieldOwnership } from '../src/federation/ownership.js';
import { allSubgraphDocuments } from '../src/federation/subgraph-schema.js';
import { grafbaseBinary, startGrafbaseRouter } from '../src/federation/routers/grafbase.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const binary = grafbaseBinary();
if ('missing' in binary) throw new Error(binary.missing);
const logger = pino({ level: 'warn' });
const fetchCountDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-fetch-count-'));
const subgraphs = await startSubgraphProcesses({
  names: fieldOwnership(departments).subgraphs,
  firstPort: Number(process.env.BENCH_GRAFBASE_SUBGRAPH_FIRST_PORT ?? 4621),
  databaseUrl: url,
  // Forwarded mode holds no secret; the processes ignore it.
  secret: '',
  logger,
  // Fourteen subgraph processes start at once in this benchmark; under other engineers' load that can take minutes.
  healthyTimeoutMs: 300_000,
  env: { LOG_LEVEL: 'warn', CAREGRAPH_SUBGRAPH_TRUST: 'forwarded', BENCH_FETCH_COUNT_DIR: fetchCountDir },
  nodeArgs: ['--import', path.resolve('bench/support/count-http-requests.mjs')],
});
const port = await new Promise<number>((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as net.AddressInfo;
    server.close(() => resolve(port));
  });
});
const router = await startGrafbaseRouter({ binary: binary.path, documents: allSubgraphDocuments(departments), urls: subgraphs.urls, port });
console.log(`READY ${router.url} ${JSON.stringify({ routerPid: router.pid, subgraphPids: subgraphs.pids, fetchCountDir })}`);
const stop = async () => {
  // The bench SIGKILLs this process 10 s after SIGTERM, which would leave the subgraphs running:
  // they are stopped together with the router, and killed should they outlast 8 s.
  setTimeout(() => {
    for (const pid of [router.pid, ...Object.values(subgraphs.pids)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(0);
  }, 8_000).unref();
  await Promise.all([router.stop().catch(() => {}), subgraphs.stop().catch(() => {})]);
  fs.rmSync(fetchCountDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
