import { departments } from '../departments/registry.js';
import { createLogger } from '../server/logger.js';
import { createSubgraphHub } from './subgraph-hub.js';
import { federationSecretFromEnv } from './internal-token.js';

/**
 * One subgraph process: `SUBGRAPH=<core|department code> PORT=… DATABASE_URL=… CAREGRAPH_FEDERATION_SECRET=…`.
 * Started by `npm run start:federated`, or by a department on its own host against its own database.
 */
const logger = createLogger().child({ subgraph: process.env.SUBGRAPH });
const subgraph = process.env.SUBGRAPH ?? '';
const url = process.env.DATABASE_URL;

async function main(): Promise<void> {
  if (!url) throw new Error('DATABASE_URL must name the database this subgraph reads');
  const hub = await createSubgraphHub({ url, subgraph, departments, logger, secret: federationSecretFromEnv() });
  const stop = () => void hub.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await hub.app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
  logger.info({ subgraph, url: `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT}/graphql` }, 'subgraph is serving');
}

main().catch((err) => {
  logger.fatal(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
