import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DatabaseHandle } from '../db/database.js';
import { initOrm, migrate } from '../db/orm.js';
import { departments } from '../departments/registry.js';
import { createLogger } from '../server/logger.js';
import { prepareDemoData } from '../seed/prepare-demo-data.js';
import { startSubgraphProcesses, type SubgraphProcesses } from '../federation/subgraph-processes.js';
import { createGatewayApp } from '../federation/gateway-app.js';
import { composeSupergraph, FIRST_SUBGRAPH_PORT, readCommittedSupergraph } from '../federation/supergraph.js';
import { fieldOwnership } from '../federation/ownership.js';
import { baseUrlOf, onceShutdown, startWithDatabase } from '../server/shutdown.js';
import { bootstrapKeyBanner, issueBootstrapKey, sampleHouseholdId, wantsBootstrapKey } from '../server/bootstrap-key.js';
import { announceAuditKey } from '../audit-chain/announce-key.js';
import { keyForStartingHub } from '../audit-chain/deployment-key.js';

/**
 * `npm run start:federated`: the database (embedded unless DATABASE_URL), migrations and demo
 * data as `npm start` does, then every subgraph in its own process (ports 4101…) and the Hive
 * gateway on PORT (4000) with GraphiQL and the same API keys / JWTs. Ctrl-C stops everything.
 */
const logger = createLogger();
const port = Number(process.env.PORT ?? 4000);
// Loopback unless told otherwise, as `npm start` (README: HOST).
const host = process.env.HOST ?? '127.0.0.1';

let db: DatabaseHandle | undefined;
let orm: MikroORM | undefined;
let subgraphs: SubgraphProcesses | undefined;
let gateway: FastifyInstance | undefined;
const shutdown = onceShutdown(logger, [
  { what: 'closing the gateway', run: () => gateway?.close() },
  { what: 'stopping the subgraphs', run: () => subgraphs?.stop() },
  { what: 'closing the pool', run: () => orm?.close(true) },
  { what: 'stopping PostgreSQL', run: () => db?.stop() },
]);

async function main(): Promise<void> {
  const started = Date.now();
  db = await startWithDatabase(logger, shutdown);
  announceAuditKey(logger, keyForStartingHub(db.embedded));
  orm = await initOrm({ url: db.url, departments, poolMax: 4 });
  const applied = await migrate(orm);
  if (applied.length) logger.info({ migrations: applied }, 'applied migrations');
  await prepareDemoData(db.url, logger);

  const supergraph = readCommittedSupergraph();
  if (supergraph !== composeSupergraph(departments)) logger.warn('supergraph.graphql is stale (schema changed since `npm run compose`): the gateway plans with the committed one');
  // One secret per start unless the operator shares one with subgraphs running elsewhere.
  const secret = process.env.CAREGRAPH_FEDERATION_SECRET ?? randomBytes(32).toString('hex');
  subgraphs = await startSubgraphProcesses({
    names: fieldOwnership(departments).subgraphs,
    firstPort: Number(process.env.CAREGRAPH_SUBGRAPH_FIRST_PORT ?? FIRST_SUBGRAPH_PORT),
    databaseUrl: db.url,
    secret,
    logger,
  });
  gateway = await createGatewayApp({ supergraph, subgraphUrls: subgraphs.urls, em: orm.em, departments, logger, secret });
  try {
    await gateway.listen({ port, host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'EADDRINUSE' ? `Port ${port} is already in use; set PORT to another port` : (err as Error).message);
  }
  const baseUrl = baseUrlOf(host, port);
  const key = wantsBootstrapKey(db.embedded) ? await issueBootstrapKey(orm.em) : null;
  if (key) process.stdout.write(bootstrapKeyBanner(key, baseUrl, await sampleHouseholdId(orm.em)));
  logger.info({ url: `${baseUrl}/graphql`, host, port, startupMs: Date.now() - started }, 'CareGraph gateway is serving the federated graph');
}

main().catch(async (err) => {
  logger.fatal(err instanceof Error ? err.message : String(err));
  await shutdown(1);
});
