import type { FastifyInstance, FastifyReply } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DepartmentModule } from '../contract/department-module.js';
import type { Authenticator } from '../auth/authenticate.js';
import { registerReportExport } from '../reports/export-routes.js';
import { registerImportRoute } from '../ingest/import-route.js';
import { headerValue } from '../server/header-value.js';
import { INTERNAL_HEADER, InvalidGatewayToken, verifyClaims, type GatewayClaims } from './internal-token.js';

/** How a verified gateway statement reaches the routes' authenticator (which reads only `Authorization`). */
const SCHEME = 'CareGraph-Gateway';

function refuse(reply: FastifyReply, message: string) {
  return reply.code(401).send({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
}

/**
 * The monolith's export and import routes in the core subgraph, for the gateway only. The routes
 * are the monolith's own code (scopes read from the SDL, region scope, suppression, audit), so
 * they are enforced here exactly as in `npm start` and nowhere else: the gateway only
 * authenticates and relays (gateway-routes.ts). Every request must carry the gateway's signed
 * statement for this subgraph; the caller, the purpose and the request id (for the audit trail)
 * come from it, and whatever `Authorization` or `X-Purpose` arrived is replaced.
 */
export async function registerRelayedRoutes(
  app: FastifyInstance,
  opts: { subgraph: string; secret: string; schema: GraphQLSchema; orm: MikroORM; departments: readonly DepartmentModule[] },
): Promise<void> {
  const verify = (token: string): GatewayClaims => verifyClaims(opts.secret, token, opts.subgraph);
  // The hook belongs to the routes' own plugin context, so it runs for every request Fastify routes
  // to them — however the path is spelt (`/rep%6Frts/export` reaches the export route decoded) —
  // rather than for the URLs a pattern recognises.
  await app.register(async (routes) => {
    routes.addHook('onRequest', async (request, reply) => {
      const token = headerValue(request.headers[INTERNAL_HEADER]);
      if (!token) return refuse(reply, `Subgraph "${opts.subgraph}" answers the CareGraph gateway only: no ${INTERNAL_HEADER} header`);
      let claims: GatewayClaims;
      try {
        claims = verify(token);
      } catch (err) {
        if (err instanceof InvalidGatewayToken) return refuse(reply, `Subgraph "${opts.subgraph}" refused the request: ${err.message}`);
        throw err;
      }
      const headers = request.raw.headers;
      if (claims.caller.kind === 'anonymous') delete headers.authorization;
      else headers.authorization = `${SCHEME} ${token}`;
      if (claims.purpose == null) delete headers['x-purpose'];
      else headers['x-purpose'] = claims.purpose;
      // Disclosures are audited under the client's request id, as the GraphQL hops are.
      (request as { id: string }).id = claims.requestId;
    });
    // Reached only after the hook above: the header holds a statement already verified once.
    const authenticate: Authenticator = async (authorization) => {
      if (!authorization?.startsWith(`${SCHEME} `)) return { kind: 'anonymous' };
      try {
        return { kind: 'caller', caller: verify(authorization.slice(SCHEME.length + 1)).caller };
      } catch (err) {
        if (err instanceof InvalidGatewayToken) return { kind: 'invalid', message: err.message };
        throw err;
      }
    };
    registerReportExport(routes, { schema: opts.schema, authenticate, orm: opts.orm, departments: opts.departments });
    await registerImportRoute(routes, { schema: opts.schema, authenticate, orm: opts.orm, departments: opts.departments });
  });
}
