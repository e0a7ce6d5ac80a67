import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DatabaseHandle } from '../db/database.js';
import { initOrm, migrate } from '../db/orm.js';
import { departments } from '../departments/registry.js';
import { createLogger } from '../server/logger.js';
import { prepareDemoData } from '../seed/prepare-demo-data.js';
import { monitorDemoCounty } from '../seed/demo-monitoring.js';
import { startSubgraphProcesses, type SubgraphProcesses } from '../federation/subgraph-processes.js';
import { createGatewayApp } from '../federation/gateway-app.js';
import { composeSupergraph, FIRST_SUBGRAPH_PORT, readCommittedSupergraph } from '../federation/supergraph.js';
import { fieldOwnership } from '../federation/ownership.js';
import { allSubgraphDocuments } from '../federation/subgraph-schema.js';
import { grafbaseBinary, startGrafbaseRouter, type GrafbaseRouter } from '../federation/routers/grafbase.js';
import { baseUrlOf, onceShutdown, startWithDatabase } from '../server/shutdown.js';
import { bootstrapKeyBanner, issueBootstrapKey, sampleHouseholdId, wantsBootstrapKey } from '../server/bootstrap-key.js';
import { announceAuditKey } from '../audit-chain/announce-key.js';
import { keyForStartingHub } from '../audit-chain/deployment-key.js';
import { announceFieldKeys, fieldKeysForEmbedded } from '../crypto/embedded-field-keys.js';

/**
 * `npm run start:federated`: the database (embedded unless DATABASE_URL), migrations, demo data
 * and the demo's first monitoring run as `npm start` does, then every subgraph in its own process
 * (ports 4101…) and the router on PORT (4000). `--router hive` (the default): CareGraph's gateway
 * (Hive Gateway runtime) with GraphiQL, the report routes and the same API keys / JWTs, subgraphs
 * in signed trust mode. `--router grafbase`: Grafbase Gateway (the pinned platform package) in
 * front of subgraphs in forwarded trust mode, as any standard Federation 2 router would run them
 * (GraphQL only: no /reports, exports or /import). Ctrl-C stops everything.
 */
const { values: args } = parseArgs({ options: { router: { type: 'string', default: 'hive' } } });
if (args.router !== 'hive' && args.router !== 'grafbase') {
  process.stderr.write(`--router must be hive or grafbase, not "${args.router}"\n`);
  process.exit(2);
}
const router = args.router;
const logger = createLogger();
const port = Number(process.env.PORT ?? 4000);
// Loopback unless told otherwise, as `npm start` (README: HOST).
const host = process.env.HOST ?? '127.0.0.1';

let db: DatabaseHandle | undefined;
let orm: MikroORM | undefined;
let subgraphs: SubgraphProcesses | undefined;
let gateway: FastifyInstance | undefined;
let grafbase: GrafbaseRouter | undefined;
const shutdown = onceShutdown(logger, [
  { what: 'closing the gateway', run: () => gateway?.close() },
  { what: 'stopping Grafbase Gateway', run: () => grafbase?.stop() },
  { what: 'stopping the subgraphs', run: () => subgraphs?.stop() },
  { what: 'closing the pool', run: () => orm?.close(true) },
  { what: 'stopping PostgreSQL', run: () => db?.stop() },
]);

async function main(): Promise<void> {
  const started = Date.now();
  db = await startWithDatabase(logger, shutdown);
  announceAuditKey(logger, keyForStartingHub(db.embedded));
  announceFieldKeys(logger, fieldKeysForEmbedded(db.embedded));
  orm = await initOrm({ url: db.url, departments, poolMax: 4 });
  const applied = await migrate(orm);
  if (applied.length) logger.info({ migrations: applied }, 'applied migrations');
  // A fresh demo county shows its warnings at once, as with `npm start` (before "serving").
  if (await prepareDemoData(db.url, logger)) await monitorDemoCounty(orm, departments, logger);
  if (router === 'grafbase') return startBehindGrafbase(started);

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

/** Subgraphs in forwarded trust mode (no secret: each authenticates the forwarded credential) behind Grafbase Gateway. */
async function startBehindGrafbase(started: number): Promise<void> {
  const binary = grafbaseBinary();
  if ('missing' in binary) throw new Error(`--router grafbase: ${binary.missing}`);
  subgraphs = await startSubgraphProcesses({
    names: fieldOwnership(departments).subgraphs,
    firstPort: Number(process.env.CAREGRAPH_SUBGRAPH_FIRST_PORT ?? FIRST_SUBGRAPH_PORT),
    databaseUrl: db!.url,
    secret: '',
    logger,
    env: { CAREGRAPH_SUBGRAPH_TRUST: 'forwarded' },
  });
  grafbase = await startGrafbaseRouter({ binary: binary.path, documents: allSubgraphDocuments(departments), urls: subgraphs.urls, port, host });
  const baseUrl = baseUrlOf(host, port);
  const key = wantsBootstrapKey(db!.embedded) ? await issueBootstrapKey(orm!.em) : null;
  if (key) process.stdout.write(bootstrapKeyBanner(key, baseUrl, await sampleHouseholdId(orm!.em)));
  logger.info(
    { url: `${baseUrl}/graphql`, host, port, router: 'grafbase', startupMs: Date.now() - started },
    'Grafbase Gateway is serving the federated graph (subgraphs in forwarded trust mode; /reports, exports and /import are served by npm start or the hive router)',
  );
}

main().catch(async (err) => {
  logger.fatal(err instanceof Error ? err.message : String(err));
  await shutdown(1);
});
