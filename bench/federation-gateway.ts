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
  await app.close().catch(() => {});
  await subgraphs.stop().catch(() => {});
  await orm.close(true).catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
