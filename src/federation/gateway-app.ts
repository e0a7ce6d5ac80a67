import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler as rustQueryPlanner } from '@graphql-hive/router-runtime';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DepartmentModule } from '../contract/department-module.js';
import { anonymousCaller } from '../auth/caller.js';
import { createAuthenticator } from '../auth/authenticate.js';
import { jwtConfigFromEnv, type JwtConfig } from '../auth/jwt.js';
import { verifiedKeyCacheFromEnv } from '../auth/verified-key-cache.js';
import { buildSchema } from '../server/schema.js';
import { graphiqlPage, registerGraphiql, wantsGraphiql } from '../server/graphiql.js';
import { INTERNAL_HEADER, signClaims, TOKEN_TTL_SECONDS } from './internal-token.js';
import { gatewayGuard, type CareGraphGatewayContext } from './gateway-guard.js';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS, subgraphUnavailable } from './subgraph-unavailable.js';
import { createSubgraphHttpClient } from './subgraph-http-client.js';
import { subgraphHealth } from './subgraph-health.js';
import { withSubgraphUrls } from './supergraph.js';
import { fieldOwnership, ownerOf } from './ownership.js';
import { replyDatabaseUnavailable } from '../server/database-outage.js';
import { requestCredentials } from '../server/request-credentials.js';
import { registerGatewayRoutes } from './gateway-routes.js';

export interface GatewayAppOptions {
  /** The composed supergraph SDL (`supergraph.graphql`). */
  supergraph: string;
  /** Where each subgraph listens now, by name (overrides the supergraph's URLs). */
  subgraphUrls: Readonly<Record<string, string>>;
  /** Root EntityManager on the hub's database: API keys are verified here, once per request. */
  em: EntityManager;
  departments: readonly DepartmentModule[];
  logger: Logger;
  secret: string;
  jwt?: JwtConfig | null;
  /** How long to wait for a subgraph (default 15 s, `CAREGRAPH_SUBGRAPH_TIMEOUT_MS`); then its fields are SUBGRAPH_UNAVAILABLE. */
  subgraphTimeoutMs?: number;
  /** More Hive Gateway plugins (benchmarks count subgraph fetches with one). */
  plugins?: GatewayPlugin[];
  /**
   * Query planner: `rust` (default; Hive's Rust planner, `@graphql-hive/router-runtime`) or `js`
   * (graphql-tools' stitching planner). `CAREGRAPH_GATEWAY_PLANNER` when not given.
   */
  planner?: 'rust' | 'js';
}

/**
 * A response with errors and no data is a request error (syntax, validation, refused): the
 * monolith (Apollo Server) answers those 400, where Yoga answers 200 to plain JSON clients.
 */
function requestErrorStatus(status: number, contentType: string | null, text: string): number {
  if (status !== 200 || !contentType?.includes('json') || !text.startsWith('{"errors"')) return status;
  return text.includes('"data":') ? status : 400;
}

/**
 * The federation gateway: Hive Gateway's runtime planning over the supergraph, behind the same
 * front door as the monolith (API keys and JWTs checked here, self-hosted GraphiQL, /healthz
 * listing every subgraph, the report builder, export and import routes — gateway-routes.ts).
 * Each subgraph request carries a signed statement of the caller and purpose; the subgraphs
 * enforce the field rules and write the audit trail.
 */
export async function createGatewayApp(opts: GatewayAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: opts.logger as FastifyBaseLogger, genReqId: () => randomUUID(), bodyLimit: 5 * 1024 * 1024 });
  const authenticate = createAuthenticator({ em: opts.em, jwt: opts.jwt === undefined ? jwtConfigFromEnv() : opts.jwt, keyCache: verifiedKeyCacheFromEnv() });
  const monolithSchema = buildSchema(opts.departments, { enforce: false });
  const ownership = fieldOwnership(opts.departments);
  const nameOfUrl = new Map(Object.entries(opts.subgraphUrls).map(([name, url]) => [url, name]));

  const subgraphClient = createSubgraphHttpClient({ timeoutMs: opts.subgraphTimeoutMs ?? Number(process.env.CAREGRAPH_SUBGRAPH_TIMEOUT_MS ?? DEFAULT_SUBGRAPH_TIMEOUT_MS) });

  const planner = opts.planner ?? (process.env.CAREGRAPH_GATEWAY_PLANNER === 'js' ? 'js' : 'rust');
  const gateway = createGatewayRuntime<CareGraphGatewayContext & { req: FastifyRequest; reply: FastifyReply }>({
    supergraph: withSubgraphUrls(opts.supergraph, opts.subgraphUrls),
    ...(planner === 'rust' ? { unifiedGraphHandler: rustQueryPlanner } : {}),
    logging: false,
    graphiql: false,
    landingPage: false,
    // Subgraph errors reach the client as the monolith would give them: no serviceName, no DOWNSTREAM_SERVICE_ERROR.
    subgraphErrors: false,
    transportEntries: {
      // No in-flight de-duplication of identical subgraph requests: ours never are identical (each
      // carries its own signed header), and the de-duplicating path deep-copies every subgraph
      // answer (structuredClone) — 5% of the gateway's CPU on Q2.
      '*.http': { options: { deduplicateInflightRequests: false } },
    },
    propagateHeaders: {
      fromClientToSubgraphs: ({ context, subgraphName }) => {
        const request = context.careGraph!;
        return {
          [INTERNAL_HEADER]: signClaims(opts.secret, {
            caller: request.caller,
            purpose: request.purpose,
            requestId: request.requestId,
            operationName: request.operationName,
            audience: subgraphName,
            expires: Math.floor(Date.now() / 1000) + TOKEN_TTL_SECONDS,
          }),
        };
      },
    },
    plugins: () => [gatewayGuard(monolithSchema, (typeName, fieldName) => ownerOf(ownership, typeName, fieldName)), subgraphUnavailable((url) => nameOfUrl.get(url), subgraphClient), ...(opts.plugins ?? [])],
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const { authorization, purpose } = requestCredentials(request.headers);
    const auth = await authenticate(authorization);
    if (auth.kind === 'invalid') {
      return reply.code(401).send({ errors: [{ message: auth.message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    const careGraph = {
      caller: auth.kind === 'caller' ? auth.caller : anonymousCaller,
      purpose,
      requestId: String(request.id),
      operationName: null,
    };
    const response = await gateway.handleNodeRequestAndResponse(request, reply, { req: request, reply, careGraph });
    response.headers.forEach((value, key) => void reply.header(key, value));
    const text = await response.text();
    reply.status(requestErrorStatus(response.status, response.headers.get('content-type'), text));
    return reply.send(text);
  };

  // The API-key look-up needs the database: while it is down, 503 DATABASE_UNAVAILABLE as from the monolith.
  replyDatabaseUnavailable(app);
  registerGraphiql(app);
  app.get('/graphql', async (request, reply) => {
    if (wantsGraphiql(request.headers.accept, request.query)) return reply.type('text/html; charset=utf-8').send(graphiqlPage);
    return handle(request, reply);
  });
  app.post('/graphql', handle);
  const closeRoutes = registerGatewayRoutes(app, { coreUrl: opts.subgraphUrls.core!, authenticate, secret: opts.secret });
  app.get('/healthz', async (_request, reply) => {
    const subgraphs = await subgraphHealth(opts.subgraphUrls);
    const allUp = Object.values(subgraphs).every((s) => s.status === 'up');
    return reply.code(allUp ? 200 : 503).send({ status: allUp ? 'ok' : 'degraded', subgraphs });
  });
  app.addHook('onClose', async () => {
    await gateway.dispose();
    await subgraphClient.close();
    await closeRoutes();
  });
  return app;
}
