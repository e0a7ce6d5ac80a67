import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DepartmentModule } from '../departments/department-module.js';
import { anonymousCaller } from '../auth/caller.js';
import { buildSchema } from './schema.js';
import { createContext, type CareGraphContext } from './context.js';
import { graphiqlPage, registerGraphiql, wantsGraphiql } from './graphiql.js';

export interface AppOptions {
  orm: MikroORM;
  departments: readonly DepartmentModule[];
  logger: Logger;
}

/**
 * The HTTP tier: GraphQL over HTTP at /graphql (GraphiQL for browsers), /healthz. Holds no
 * per-user state between requests, so any number of replicas can run behind a load balancer.
 */
export async function createApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: opts.logger as FastifyBaseLogger, genReqId: () => randomUUID(), bodyLimit: 5 * 1024 * 1024 });
  const apollo = new ApolloServer<CareGraphContext>({
    schema: buildSchema(opts.departments),
    plugins: [fastifyApolloDrainPlugin(app), ApolloServerPluginLandingPageDisabled()],
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => {
      const code = formatted.extensions?.code;
      if (code === 'INTERNAL_SERVER_ERROR') opts.logger.error({ err: error }, 'unexpected error while resolving');
      return formatted;
    },
  });
  await apollo.start();

  const handler = fastifyApolloHandler(apollo, {
    context: async (request) =>
      createContext({
        requestId: String(request.id),
        caller: anonymousCaller,
        purpose: headerValue(request.headers['x-purpose']),
        em: opts.orm.em,
        departments: opts.departments,
      }),
  });

  registerGraphiql(app);
  app.get('/graphql', async (request, reply) => {
    if (wantsGraphiql(request.headers.accept, request.query)) return reply.type('text/html; charset=utf-8').send(graphiqlPage);
    return handler.call(app, request, reply);
  });
  app.post('/graphql', handler);

  app.get('/healthz', async (_request, reply) => {
    const started = Date.now();
    try {
      await opts.orm.em.getConnection().execute('select 1');
      return { status: 'ok', database: 'up', latencyMs: Date.now() - started };
    } catch (err) {
      return reply.code(503).send({ status: 'error', database: 'down', error: (err as Error).message });
    }
  });
  return app;
}

function headerValue(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v ? v.trim() : null;
}
