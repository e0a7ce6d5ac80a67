import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DepartmentModule } from '../contract/department-module.js';
import type { CareGraphContext } from '../contract/request-context.js';
import type { AuditWriter } from '../auth/audit-group-commit.js';
import { accessPlugin } from '../auth/access-plugin.js';
import { createContext } from '../server/context.js';
import { formatErrorFor } from '../server/bounded-error.js';
import { databaseOutagePlugin, rethrowDatabaseUnavailable } from '../server/database-outage.js';
import { jitGateway } from '../server/jit-executor.js';
import type { IdentifySubgraphRequest, SubgraphIdentity } from './subgraph-trust.js';

/** A relayed request's context also carries what the trust mode said of the client request. */
interface RelayedContext extends CareGraphContext {
  identity: SubgraphIdentity;
}

/**
 * The subgraph's POST /graphql through Apollo Server (`CAREGRAPH_SUBGRAPH_HTTP=apollo`): the path
 * the subgraphs took before lean-graphql-handler.ts, kept so bench/subgraph-http.ts can measure
 * one against the other and as a fallback. Same executor, access plugin and error formatting as
 * the monolith.
 */
export async function apolloGraphqlHandler(opts: {
  app: FastifyInstance;
  schema: GraphQLSchema;
  identify: IdentifySubgraphRequest;
  orm: MikroORM;
  departments: readonly DepartmentModule[];
  logger: Logger;
  wrapAudit: (writer: AuditWriter) => AuditWriter;
}): Promise<RouteHandlerMethod> {
  const apollo = new ApolloServer<CareGraphContext>({
    // Executed by graphql-jit as in the monolith (src/server/jit-executor.ts): a subgraph answers
    // the same few planned operations over and over, each compiled once; CAREGRAPH_JIT=0 keeps graphql-js.
    ...(process.env.CAREGRAPH_JIT !== '0' ? { gateway: jitGateway(opts.schema) } : { schema: opts.schema }),
    plugins: [
      fastifyApolloDrainPlugin(opts.app),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      // No Apollo Studio traces: the router is not Apollo's, and tracing would time every field.
      ApolloServerPluginInlineTraceDisabled(),
      // A database outage is 503 DATABASE_UNAVAILABLE at the failing paths, as in the monolith; the router relays it.
      databaseOutagePlugin(),
      accessPlugin({
        schema: opts.schema,
        em: opts.orm.em,
        logger: opts.logger,
        relayedFrom: (ctx) => ({ operationName: (ctx as RelayedContext).identity.operationName, limitsChecked: (ctx as RelayedContext).identity.limitsChecked }),
        wrapAudit: opts.wrapAudit,
      }),
    ],
    includeStacktraceInErrorResponses: false,
    csrfPrevention: false,
    formatError: formatErrorFor(opts.logger),
  });
  await apollo.start();
  return fastifyApolloHandler(apollo, {
    context: async (request) => {
      const identity = await opts.identify(request.headers).catch(rethrowDatabaseUnavailable);
      // Assigned, not spread: the context's EntityManager and loaders are getters made on first use.
      return Object.assign(createContext({ requestId: identity.requestId, caller: identity.caller, purpose: identity.purpose, em: opts.orm.em, departments: opts.departments }), {
        identity,
      }) as RelayedContext;
    },
  });
}
