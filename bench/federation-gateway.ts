/**
 * The federated hub as one process tree of `npm run bench:federation`: every subgraph in its own
 * process (as `npm run start:federated` runs them) and the Hive gateway in this one, on
 * DATABASE_URL. Counts subgraph fetches (GET /bench/fetches) and prints
 * `READY <url> <{"subgraphPids": {...}} JSON>` once listening.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { initOrm } from '../src/db/orm.js';
import { departments } from '../src/departments/registry.js';
import { createGatewayApp } from '../src/federation/gateway-app.js';
import { startSubgraphProcesses } from '../src/federation/subgraph-processes.js';
import { fieldOwnership } from '../src/federation/ownership.js';
import { readCommittedSupergraph } from '../src/federation/supergraph.js';
import './support/bench-audit-key.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const logger = pino({ level: 'warn' });
const secret = randomBytes(32).toString('hex');
const subgraphs = await startSubgraphProcesses({
  names: fieldOwnership(departments).subgraphs,
  firstPort: Number(process.env.BENCH_SUBGRAPH_FIRST_PORT ?? 4601),
  databaseUrl: url,
  secret,
  logger,
  // Fourteen subgraph processes start at once in this benchmark; under other engineers' load that can take minutes.
  healthyTimeoutMs: 300_000,
  env: { LOG_LEVEL: 'warn' },
  // bench/federation-profile.ts: e.g. `--cpu-prof --cpu-prof-dir=…` for every subgraph.
  nodeArgs: process.env.BENCH_SUBGRAPH_NODE_ARGS ? process.env.BENCH_SUBGRAPH_NODE_ARGS.split(' ') : [],
});
const orm = await initOrm({ url, departments, poolMax: 2 });
let fetches = 0;
const countFetches: GatewayPlugin = { onFetch: () => void fetches++ };
const app = await createGatewayApp({ supergraph: readCommittedSupergraph(), subgraphUrls: subgraphs.urls, em: orm.em, departments, logger, secret, jwt: null, plugins: [countFetches] });
app.get('/bench/fetches', async () => ({ fetches }));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`READY ${address}/graphql ${JSON.stringify({ subgraphPids: subgraphs.pids })}`);
const stop = async () => {
  // The bench SIGKILLs this process 10 s after SIGTERM, which would leave the subgraphs running:
  // they are stopped together with the gateway, and killed should they outlast 8 s.
  setTimeout(() => {
    for (const pid of Object.values(subgraphs.pids)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(0);
  }, 8_000).unref();
  await Promise.all([app.close().catch(() => {}), subgraphs.stop().catch(() => {})]);
  await orm.close(true).catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
