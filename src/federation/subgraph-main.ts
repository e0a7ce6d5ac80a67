import { departments } from '../departments/registry.js';
import { createLogger } from '../server/logger.js';
import { createSubgraphHub } from './subgraph-hub.js';
import { federationSecretFromEnv } from './internal-token.js';
import { subgraphTrustFromEnv } from './subgraph-trust.js';

/**
 * One subgraph process: `SUBGRAPH=<core|department code> PORT=… DATABASE_URL=… CAREGRAPH_FEDERATION_SECRET=…`
 * (or `CAREGRAPH_SUBGRAPH_TRUST=forwarded` behind a standard router, without a secret).
 * Started by `npm run start:federated`, or by a department on its own host against its own database.
 */
const logger = createLogger().child({ subgraph: process.env.SUBGRAPH });
const subgraph = process.env.SUBGRAPH ?? '';
const url = process.env.DATABASE_URL;

async function main(): Promise<void> {
  if (!url) throw new Error('DATABASE_URL must name the database this subgraph reads');
  const trust = subgraphTrustFromEnv();
  // Forwarded mode has no shared secret: the client's own credential is checked here.
  const secret = trust === 'signed' ? federationSecretFromEnv() : '';
  // Every subgraph process opens its own pool: seven of them at 10 are 70 of PostgreSQL's default 100 connections.
  const poolMax = process.env.CAREGRAPH_SUBGRAPH_POOL_MAX ? Number(process.env.CAREGRAPH_SUBGRAPH_POOL_MAX) : undefined;
  const hub = await createSubgraphHub({ url, subgraph, departments, logger, secret, trust, poolMax });
  const host = process.env.HOST ?? '127.0.0.1';
  if (trust === 'forwarded' && !['127.0.0.1', '::1', 'localhost'].includes(host)) {
    logger.warn({ host }, 'forwarded trust: this subgraph must be reachable from the router only (docs/federation.md, Trust modes)');
  }
  const stop = () => void hub.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await hub.app.listen({ port: Number(process.env.PORT ?? 0), host });
  logger.info({ subgraph, trust, url: `http://${host}:${process.env.PORT}/graphql` }, 'subgraph is serving');
}

main().catch((err) => {
  logger.fatal(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
