import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DepartmentModule } from '../contract/department-module.js';
import { accessPlugin } from '../auth/access-plugin.js';
import { unauthenticated } from '../auth/access-errors.js';
import { createContext } from '../server/context.js';
import type { CareGraphContext } from '../contract/request-context.js';
import { formatErrorFor } from '../server/bounded-error.js';
import { headerValue } from '../server/header-value.js';
import { databaseOutagePlugin } from '../server/database-outage.js';
import { buildSubgraphExecutableSchema } from './subgraph-schema.js';
import { INTERNAL_HEADER, InvalidGatewayToken, verifyClaims } from './internal-token.js';
import { jitGateway } from '../server/jit-executor.js';
import { DECLARING_SCHEMA } from '../auth/derived-access.js';
import { registerRelayedRoutes } from './relayed-routes.js';

export interface SubgraphAppOptions {
  orm: MikroORM;
  departments: readonly DepartmentModule[];
  logger: Logger;
  /** `core` or a department code. */
  subgraph: string;
  /** Shared with the gateway: verifies its signed statement on every request. */
  secret: string;
}

/** A relayed request's context also names the client operation it belongs to (from the gateway's signed claims). */
interface RelayedContext extends CareGraphContext {
  clientOperationName: string | null;
}

/**
 * One subgraph over HTTP: POST /graphql for the gateway only (core also the export and import
 * routes the gateway relays, relayed-routes.ts), GET /healthz for anyone. Every
 * request must carry the gateway's signed statement (`x-caregraph-gateway`); the caller and
 * purpose come from it, and the monolith's access transform and audit plugin do the rest.
 */
export async function createSubgraphApp(opts: SubgraphAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: opts.logger as FastifyBaseLogger, bodyLimit: 5 * 1024 * 1024 });
  const { schema } = buildSubgraphExecutableSchema(opts.departments, opts.subgraph);
  const apollo = new ApolloServer<CareGraphContext>({
    // Executed by graphql-jit as in the monolith (src/server/jit-executor.ts): a subgraph answers
    // the same few planned operations over and over, each compiled once; CAREGRAPH_JIT=0 keeps graphql-js.
    ...(process.env.CAREGRAPH_JIT !== '0' ? { gateway: jitGateway(schema) } : { schema }),
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      // No Apollo Studio traces: the gateway is Hive's, and tracing would time every field.
      ApolloServerPluginInlineTraceDisabled(),
      // A database outage is 503 DATABASE_UNAVAILABLE at the failing paths, as in the monolith; the gateway relays it.
      databaseOutagePlugin(),
      accessPlugin({ schema, em: opts.orm.em, logger: opts.logger, relayedFrom: (ctx) => ({ operationName: (ctx as RelayedContext).clientOperationName ?? null }) }),
    ],
    includeStacktraceInErrorResponses: false,
    csrfPrevention: false,
    formatError: formatErrorFor(opts.logger),
  });
  await apollo.start();

  const handler = fastifyApolloHandler(apollo, {
    context: async (request) => {
      const token = headerValue(request.headers[INTERNAL_HEADER]);
      if (!token) throw unauthenticated(`Subgraph "${opts.subgraph}" answers the CareGraph gateway only: no ${INTERNAL_HEADER} header`);
      let claims;
      try {
        claims = verifyClaims(opts.secret, token, opts.subgraph);
      } catch (err) {
        if (err instanceof InvalidGatewayToken) throw unauthenticated(`Subgraph "${opts.subgraph}" refused the request: ${err.message}`);
        throw err;
      }
      // Assigned, not spread: the context's EntityManager and loaders are getters made on first use.
      return Object.assign(createContext({ requestId: claims.requestId, caller: claims.caller, purpose: claims.purpose, em: opts.orm.em, departments: opts.departments }), {
        clientOperationName: claims.operationName,
      }) as RelayedContext;
    },
  });
  // The report export and file import, relayed by the gateway; the routes read the whole graph's declarations.
  if (opts.subgraph === 'core') {
    const declaring = (schema.extensions as Record<string | symbol, unknown>)[DECLARING_SCHEMA] as GraphQLSchema;
    await registerRelayedRoutes(app, { subgraph: opts.subgraph, secret: opts.secret, schema: declaring, orm: opts.orm, departments: opts.departments });
  }
  // Request lines stay at the gateway (one per client request, not one per hop): warnings only here.
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
