import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DepartmentModule } from '../contract/department-module.js';
import { groupCommitAuditWrites, type AuditWriter } from '../auth/audit-group-commit.js';
import { createAuthenticator } from '../auth/authenticate.js';
import { jwtConfigFromEnv, type JwtConfig } from '../auth/jwt.js';
import { verifiedKeyCacheFromEnv } from '../auth/verified-key-cache.js';
import { buildSubgraphExecutableSchema } from './subgraph-schema.js';
import { attachSubgraphCompiledReads } from './subgraph-compiled-reads.js';
import { DECLARING_SCHEMA } from '../auth/derived-access.js';
import { registerRelayedRoutes } from './relayed-routes.js';
import { forwardedIdentity, signedIdentity, subgraphTrustFromEnv, type IdentifySubgraphRequest, type SubgraphTrust } from './subgraph-trust.js';
import { oncePerRequestAudit } from './once-per-request-audit.js';
import { leanGraphqlHandler } from './lean-graphql-handler.js';
import { apolloGraphqlHandler } from './apollo-graphql-handler.js';

export type SubgraphHttp = 'lean' | 'apollo';

export interface SubgraphAppOptions {
  orm: MikroORM;
  departments: readonly DepartmentModule[];
  logger: Logger;
  /** `core` or a department code. */
  subgraph: string;
  /** Shared with the gateway (signed mode): verifies its signed statement on every request. */
  secret: string;
  /** Whom the subgraph believes about the caller (`CAREGRAPH_SUBGRAPH_TRUST` when not given; default `signed`). */
  trust?: SubgraphTrust;
  /** JWT settings for forwarded mode (`jwtConfigFromEnv()` when not given; null: API keys only). */
  jwt?: JwtConfig | null;
  /**
   * The POST /graphql path: `lean` (default, lean-graphql-handler.ts) or `apollo` (Apollo Server,
   * kept to measure against: bench/subgraph-http.ts). `CAREGRAPH_SUBGRAPH_HTTP` when not given.
   */
  http?: SubgraphHttp;
}

export function subgraphHttpFromEnv(env: NodeJS.ProcessEnv = process.env): SubgraphHttp {
  const raw = env.CAREGRAPH_SUBGRAPH_HTTP?.trim();
  if (!raw || raw === 'lean') return 'lean';
  if (raw === 'apollo') return 'apollo';
  throw new Error(`CAREGRAPH_SUBGRAPH_HTTP must be lean or apollo, got "${raw}"`);
}

/**
 * One subgraph over HTTP: POST /graphql for the router only (core also the export and import
 * routes the Hive gateway relays, relayed-routes.ts), GET /healthz for anyone. In signed mode every
 * request must carry the gateway's signed statement (`x-caregraph-gateway`); in forwarded mode
 * the client's own credential, which the subgraph verifies as the monolith does
 * (subgraph-trust.ts). The monolith's access transform and audit trail do the rest.
 */
export async function createSubgraphApp(opts: SubgraphAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: opts.logger as FastifyBaseLogger, bodyLimit: 5 * 1024 * 1024 });
  const { schema } = buildSubgraphExecutableSchema(opts.departments, opts.subgraph);
  const trust = opts.trust ?? subgraphTrustFromEnv();
  // Entity fetches and root reads as one statement each; behind a standard router, concurrent
  // entity fetches of one client request as one statement together (subgraph-compiled-reads.ts).
  await attachSubgraphCompiledReads(schema, { ...opts, batchEntityFetches: trust === 'forwarded' && process.env.CAREGRAPH_SUBGRAPH_BATCH_FETCHES !== '0' });
  let identify: IdentifySubgraphRequest;
  let wrapAudit: (writer: AuditWriter) => AuditWriter = (writer) => writer;
  if (trust === 'forwarded') {
    const authenticate = createAuthenticator({ em: opts.orm.em, jwt: opts.jwt === undefined ? jwtConfigFromEnv() : opts.jwt, keyCache: verifiedKeyCacheFromEnv() });
    identify = forwardedIdentity({ authenticate, subgraph: opts.subgraph });
    // A standard router may fetch this subgraph several times for one client request.
    wrapAudit = (writer) => oncePerRequestAudit(writer);
  } else {
    identify = signedIdentity({ secret: opts.secret, subgraph: opts.subgraph });
  }

  const http = opts.http ?? subgraphHttpFromEnv();
  const handler =
    http === 'apollo'
      ? await apolloGraphqlHandler({ app, schema, identify, orm: opts.orm, departments: opts.departments, logger: opts.logger, wrapAudit })
      : leanGraphqlHandler({ schema, identify, em: opts.orm.em, departments: opts.departments, logger: opts.logger, writeAudit: wrapAudit(groupCommitAuditWrites(opts.orm.em)), errorStatus: trust === 'forwarded' ? 'always-200' : 'http' });

  // The report export and file import, relayed by the Hive gateway (signed mode only: a standard router relays GraphQL alone).
  if (opts.subgraph === 'core' && trust === 'signed') {
    const declaring = (schema.extensions as Record<string | symbol, unknown>)[DECLARING_SCHEMA] as GraphQLSchema;
    await registerRelayedRoutes(app, { subgraph: opts.subgraph, secret: opts.secret, schema: declaring, orm: opts.orm, departments: opts.departments });
  }
  // Request lines stay at the router (one per client request, not one per hop): warnings only here.
  app.post('/graphql', { logLevel: 'warn' }, handler);
  app.get('/healthz', { logLevel: 'warn' }, async (_request, reply) => {
    try {
      await opts.orm.em.getConnection().execute('select 1');
      return { status: 'ok', subgraph: opts.subgraph, database: 'up' };
    } catch (err) {
      return reply.code(503).send({ status: 'error', subgraph: opts.subgraph, database: 'down', error: (err as Error).message });
    }
  });
  return app;
}
