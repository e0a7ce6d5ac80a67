import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DepartmentModule } from '../contract/department-module.js';
import { anonymousCaller } from '../auth/caller.js';
import { createAuthenticator } from '../auth/authenticate.js';
import { jwtConfigFromEnv, type JwtConfig } from '../auth/jwt.js';
import { verifiedKeyCacheFromEnv, type VerifiedKeyCache } from '../auth/verified-key-cache.js';
import { accessPlugin } from '../auth/access-plugin.js';
import { unauthenticated } from '../auth/access-errors.js';
import { DEFAULT_LIMITS, ROLES } from '../auth/policy.js';
import { buildSchema } from './schema.js';
import { jitGateway } from './jit-executor.js';
import { createCompiledReads } from '../compiled-read/compiled-reads.js';
import { loadColumnCatalog } from '../compiled-read/column-catalog.js';
import { registerReportExport } from '../reports/export-routes.js';
import { registerImportRoute } from '../ingest/import-route.js';
import { createContext } from './context.js';
import type { CareGraphContext } from '../contract/request-context.js';
import { formatErrorFor } from './bounded-error.js';
import { requestCredentials } from './request-credentials.js';
import { graphiqlPage, registerGraphiql, wantsGraphiql } from './graphiql.js';
import { registerReportBuilder } from '../report-builder/report-builder-route.js';
import { databaseOutagePlugin, DATABASE_UNAVAILABLE, replyDatabaseUnavailable, rethrowDatabaseUnavailable, RETRY_AFTER_SECONDS } from './database-outage.js';

export interface AppOptions {
  orm: MikroORM;
  departments: readonly DepartmentModule[];
  logger: Logger;
  /** JWT verification settings; defaults to the CAREGRAPH_JWT_* environment variables. */
  jwt?: JwtConfig | null;
  /** false only for benchmarks measuring the cost of enforcement. */
  enforceAccess?: boolean;
  /** Verified API keys remembered briefly; defaults to CAREGRAPH_API_KEY_CACHE_SECONDS (30 s). */
  keyCache?: VerifiedKeyCache;
}

/**
 * A hard stop for the parser, well above every role's token budget: past it no AST is built at
 * all; below it, the caller's own `maxTokens` answers with QUERY_TOO_COMPLEX.
 */
const parserMaxTokens = 4 * Math.max(DEFAULT_LIMITS.maxTokens, ...Object.values(ROLES).map((r) => r.limits?.maxTokens ?? 0));

/**
 * The HTTP tier: GraphQL over HTTP at /graphql (GraphiQL for browsers), /healthz. Holds no
 * per-user state between requests, so any number of replicas can run behind a load balancer.
 */
export async function createApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: opts.logger as FastifyBaseLogger, genReqId: () => randomUUID(), bodyLimit: 5 * 1024 * 1024 });
  // Before any route: routes take the error handler and hooks in force when they are added.
  replyDatabaseUnavailable(app);
  const schema = buildSchema(opts.departments, { enforce: opts.enforceAccess !== false });
  const authenticate = createAuthenticator({
    em: opts.orm.em,
    jwt: opts.jwt === undefined ? jwtConfigFromEnv() : opts.jwt,
    keyCache: opts.keyCache ?? verifiedKeyCacheFromEnv(),
  });
  const jit = process.env.CAREGRAPH_JIT !== '0';
  // Reads a caller may see whole are answered by one SQL statement (src/compiled-read/), through
  // the JIT gateway; CAREGRAPH_COMPILED_READS=0 sends every operation through the resolvers.
  const compiledReads =
    !jit || process.env.CAREGRAPH_COMPILED_READS === '0'
      ? null
      : createCompiledReads(schema, await loadColumnCatalog(opts.orm.em, ['core', ...opts.departments.map((d) => d.dbSchema)]), opts.departments, opts.orm.em);
  const apollo = new ApolloServer<CareGraphContext>({
    // The schema, executed by graphql-jit (jit-executor.ts says why and how); CAREGRAPH_JIT=0
    // keeps graphql-js for everything (a switch for operators, should a compiled query misbehave).
    ...(jit ? { gateway: jitGateway(schema, compiledReads) } : { schema }),
    parseOptions: { maxTokens: parserMaxTokens },
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints anywhere (personal data is never HTTP-cached); the default cache-control
      // plugin would wrap every field resolver for nothing (measured by `npm run bench`).
      ApolloServerPluginCacheControlDisabled(),
      accessPlugin({ schema, em: opts.orm.em, logger: opts.logger }),
      databaseOutagePlugin(),
    ],
    includeStacktraceInErrorResponses: false,
    // Credentials come only from the Authorization header (never cookies), so a cross-site
    // "simple" request is anonymous and reaches `@public` fields only; GET never runs mutations.
    // Apollo's CSRF check would protect nothing here and blocks spec GETs (docs/http.md).
    csrfPrevention: false,
    formatError: formatErrorFor(opts.logger),
  });
  await apollo.start();

  const handler = fastifyApolloHandler(apollo, {
    context: async (request) => {
      const { authorization, purpose } = requestCredentials(request.headers);
      const auth = await authenticate(authorization).catch(rethrowDatabaseUnavailable);
      if (auth.kind === 'invalid') throw unauthenticated(auth.message);
      return createContext({
        requestId: String(request.id),
        caller: auth.kind === 'caller' ? auth.caller : anonymousCaller,
        purpose,
        em: opts.orm.em,
        departments: opts.departments,
      });
    },
  });

  registerGraphiql(app);
  registerReportBuilder(app);
  registerReportExport(app, { schema, authenticate, orm: opts.orm, departments: opts.departments });
  await registerImportRoute(app, { schema, authenticate, orm: opts.orm, departments: opts.departments });
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
      return reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({ status: 'error', database: 'down', code: DATABASE_UNAVAILABLE, error: (err as Error).message });
    }
  });
  return app;
}
