import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Agent, request as send } from 'undici';
import { anonymousCaller } from '../auth/caller.js';
import type { Authenticator } from '../auth/authenticate.js';
import { headerValue } from '../server/header-value.js';
import { requestCredentials } from '../server/request-credentials.js';
import { drainUnreadBody } from '../server/unread-body.js';
import { registerReportBuilder } from '../report-builder/report-builder-route.js';
import { INTERNAL_HEADER, signClaims, TOKEN_TTL_SECONDS } from './internal-token.js';

/** Response headers of the relayed routes that the client needs (file type and name, retry hint, an import's summary beside its rejects file). */
const PASSED_BACK = ['content-type', 'content-disposition', 'cache-control', 'retry-after', 'x-import-summary'];

/**
 * The routes beside GraphQL, through the gateway as from `npm start`: the report builder's page
 * (static, served here), and the report export and file import, relayed to the core subgraph
 * (relayed-routes.ts) which runs the monolith's route code — so permissions, region scope,
 * suppression and audit are enforced in one place, as for GraphQL: the gateway authenticates,
 * the subgraph authorizes. Bodies and answers are streamed (an import may be gigabytes, an
 * export is written as it is read), with no time limit: an import answers when it is done.
 */
export function registerGatewayRoutes(app: FastifyInstance, opts: { coreUrl: string; authenticate: Authenticator; secret: string }): () => Promise<void> {
  const core = new URL('/', opts.coreUrl);
  const agent = new Agent({ headersTimeout: 0, bodyTimeout: 0 });
  registerReportBuilder(app);
  // An upload goes through as it arrives; the core subgraph's import route parses it.
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));

  const relay = async (request: FastifyRequest, reply: FastifyReply) => {
    const { authorization, purpose } = requestCredentials(request.headers);
    const auth = await opts.authenticate(authorization);
    if (auth.kind === 'invalid') return reply.code(401).send({ errors: [{ message: auth.message, extensions: { code: 'UNAUTHENTICATED' } }] });
    const headers: Record<string, string> = {
      [INTERNAL_HEADER]: signClaims(opts.secret, {
        caller: auth.kind === 'caller' ? auth.caller : anonymousCaller,
        purpose,
        requestId: String(request.id),
        operationName: null,
        audience: 'core',
        expires: Math.floor(Date.now() / 1000) + TOKEN_TTL_SECONDS,
      }),
    };
    const streamed = request.headers['content-type']?.startsWith('multipart/form-data') ?? false;
    for (const name of ['content-type', ...(streamed ? ['content-length'] : [])]) {
      const value = headerValue(request.headers[name]);
      if (value) headers[name] = value;
    }
    const body = request.method === 'GET' ? undefined : streamed ? request.raw : JSON.stringify(request.body ?? null);
    if (body !== undefined && !streamed) headers['content-type'] = 'application/json';
    let answer;
    try {
      answer = await send(new URL(request.url, core), { method: request.method as 'GET' | 'POST', headers, body, dispatcher: agent });
    } catch (err) {
      request.log.warn({ err }, 'core subgraph unreachable for a relayed route');
      return reply.code(503).send({ errors: [{ message: 'Subgraph "core" is unavailable', extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'core' } }] });
    }
    reply.code(answer.statusCode);
    for (const name of PASSED_BACK) {
      const value = answer.headers[name];
      if (value !== undefined) reply.header(name, value);
    }
    return reply.send(answer.body);
  };
  app.get('/reports/:id/export', relay);
  app.post('/reports/export', relay);
  // A refused upload answers before its body is read: drain the rest (unread-body.ts says why).
  app.post('/import/:department/:kind', { onSend: drainUnreadBody }, relay);
  return () => agent.close();
}
