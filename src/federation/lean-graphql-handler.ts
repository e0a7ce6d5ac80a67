import { GraphQLError, getOperationAST, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DepartmentModule } from '../contract/department-module.js';
import type { AuditWriter } from '../auth/audit-group-commit.js';
import { createRequestRules } from '../auth/request-rules.js';
import { createContext } from '../server/context.js';
import { createJitExecutor } from '../server/jit-executor.js';
import type { CompiledReads } from '../compiled-read/compiled-reads.js';
import { formatErrorFor } from '../server/bounded-error.js';
import { databaseUnavailableError, RETRY_AFTER_SECONDS } from '../server/database-outage.js';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import type { IdentifySubgraphRequest } from './subgraph-trust.js';

/** Parsed and validated documents kept (the router sends the same few planned operations over and over). */
const MAX_DOCUMENTS = 1_000;

/** A request error: answered with `{ errors }` only (no `data`), as Apollo Server answers it. */
class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly GraphQLError[],
  ) {
    super(errors[0]?.message);
  }
}

const coded = (message: string, code: string, status = 400) => new RequestError(status, [new GraphQLError(message, { extensions: { code } })]);

interface ParsedDocument {
  document: DocumentNode;
}

/**
 * The subgraph's one POST route without Apollo Server: the router is the only client, so there is
 * no landing page, no CSRF negotiation, no persisted queries, no content negotiation (JSON in,
 * JSON out) and no plugin pipeline to walk per request. What it keeps is what a client of the
 * router can observe: graphql-js's parse and validation errors (400, `GRAPHQL_PARSE_FAILED` /
 * `GRAPHQL_VALIDATION_FAILED`), the trust mode's 401 `UNAUTHENTICATED`, the monolith's request
 * rules (credentials, limits), the same executor (graphql-jit, `createJitExecutor`), every
 * uncoded error coded `INTERNAL_SERVER_ERROR` and bounded (`formatErrorFor`), a database outage
 * as 503 `DATABASE_UNAVAILABLE` with Retry-After, and the audit trail written before the answer
 * leaves (503 `AUDIT_UNAVAILABLE` and no data when it cannot be). bench/subgraph-http.ts measures
 * it against the Apollo Server path (`CAREGRAPH_SUBGRAPH_HTTP=apollo`), which stays for comparison.
 */
export function leanGraphqlHandler(opts: {
  schema: GraphQLSchema;
  identify: IdentifySubgraphRequest;
  em: EntityManager;
  departments: readonly DepartmentModule[];
  logger: Logger;
  writeAudit: AuditWriter;
  /**
   * `http` (signed mode, Hive Gateway): request errors 400/401, an outage 503, as the monolith
   * answers. `always-200` (forwarded mode): every GraphQL response is 200, as GraphQL over HTTP
   * recommends for `application/json` — standard routers (Grafbase, Apollo Router) read a 4xx/5xx
   * subgraph answer as a failed fetch and drop its errors and codes for their own.
   */
  errorStatus?: 'http' | 'always-200';
  /** Compiled reads for this subgraph's fields, as the monolith's executor takes them (src/compiled-read/). */
  compiledReads?: CompiledReads | null;
}) {
  const execute = createJitExecutor(opts.schema, opts.compiledReads ?? undefined); // undefined: those registered for the schema (subgraph-compiled-reads.ts)
  const checkRequest = createRequestRules(opts.schema);
  const formatError = formatErrorFor(opts.logger);
  const documents = new Map<string, ParsedDocument>();

  const documentFor = (query: string): ParsedDocument => {
    const known = documents.get(query);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (err) {
      throw new RequestError(400, [new GraphQLError((err as GraphQLError).message, { nodes: undefined, source: (err as GraphQLError).source, positions: (err as GraphQLError).positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
    }
    const invalid = validate(opts.schema, document);
    if (invalid.length) throw new RequestError(400, invalid.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })));
    const parsed = { document };
    // Oldest out first: the router's operations are few, a flood of distinct ones must not grow memory.
    if (documents.size >= MAX_DOCUMENTS) documents.delete(documents.keys().next().value!);
    documents.set(query, parsed);
    return parsed;
  };

  /** Apollo's formatting: a code on every error (INTERNAL_SERVER_ERROR when none), the http extension consumed, then bounded. */
  const format = (errors: readonly GraphQLError[]): { errors: GraphQLFormattedError[]; status: number | null; retryAfter: boolean } => {
    let status: number | null = null;
    let retryAfter = false;
    const out = errors.map((raw) => {
      const error = isDatabaseUnavailable(raw) ? databaseUnavailableError(raw) : raw;
      const { http, ...extensions } = (error.extensions ?? {}) as { http?: { status?: number; headers?: unknown } } & Record<string, unknown>;
      if (http?.status && (status === null || http.status > status)) status = http.status;
      if (extensions.code === 'DATABASE_UNAVAILABLE') retryAfter = true;
      const json = error.toJSON();
      return formatError({ ...json, extensions: { ...extensions, code: extensions.code ?? 'INTERNAL_SERVER_ERROR' } }, error);
    });
    return { errors: out, status, retryAfter };
  };

  const always200 = opts.errorStatus === 'always-200';
  const send = (reply: FastifyReply, status: number, body: Record<string, unknown>, retryAfter = false) => {
    if (retryAfter) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return reply.code(always200 ? 200 : status).type('application/json; charset=utf-8').send(JSON.stringify(body));
  };

  return async function handle(request: FastifyRequest, reply: FastifyReply) {
    try {
      const body = request.body as { query?: unknown; operationName?: unknown; variables?: unknown } | null;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw coded('POST body must be a JSON object with a "query" string', 'BAD_REQUEST');
      if (typeof body.query !== 'string' || body.query === '') throw coded('GraphQL operations must contain a non-empty `query`', 'BAD_REQUEST');
      if (body.operationName != null && typeof body.operationName !== 'string') throw coded('`operationName` in a POST body must be a string if provided', 'BAD_REQUEST');
      if (body.variables != null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) throw coded('`variables` in a POST body should be an object if provided', 'BAD_REQUEST');
      const variables = (body.variables ?? undefined) as Record<string, unknown> | undefined;
      const operationName = (body.operationName ?? null) as string | null;

      let identity;
      try {
        identity = await opts.identify(request.headers);
      } catch (err) {
        if (err instanceof GraphQLError) throw new RequestError((err.extensions.http as { status?: number } | undefined)?.status ?? 401, [err]);
        if (isDatabaseUnavailable(err)) throw new RequestError(503, [databaseUnavailableError()]);
        throw err;
      }

      const { document } = documentFor(body.query);
      const operation = getOperationAST(document, operationName);
      if (!operation) {
        throw coded(operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.', 'OPERATION_RESOLUTION_FAILURE');
      }
      const refusal = checkRequest(identity.caller, { source: body.query, document, operationName, variables }, { relayed: identity.limitsChecked });
      if (refusal) throw new RequestError((refusal.extensions.http as { status?: number } | undefined)?.status ?? 400, [refusal]);

      const context = createContext({ requestId: identity.requestId, caller: identity.caller, purpose: identity.purpose, em: opts.em, departments: opts.departments });
      const result = (await execute({ document, operationName, request: { query: body.query, variables }, context } as unknown as GatewayGraphQLRequestContext)) as ExecutionResult;
      // Variables that do not coerce: the executor answers errors without data, which Apollo codes BAD_USER_INPUT (400).
      if (!('data' in result) && result.errors?.length) {
        throw new RequestError(400, result.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, originalError: e.originalError ?? undefined, extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } })));
      }

      if (context.audit.length) {
        const operationForAudit = identity.operationName !== undefined ? identity.operationName : (operation.name?.value ?? null);
        try {
          await opts.writeAudit({ requestId: identity.requestId, caller: identity.caller, purpose: identity.purpose, operationName: operationForAudit }, context.audit);
        } catch (err) {
          // No disclosure without its record: withhold the data rather than send it unaudited.
          opts.logger.error({ err }, 'audit write failed; response withheld');
          return send(reply, 503, { data: null, errors: [{ message: 'The audit trail could not be written; no personal data was returned', extensions: { code: 'AUDIT_UNAVAILABLE' } }] });
        }
      }
      if (!result.errors?.length) return send(reply, 200, { data: result.data ?? null });
      const formatted = format(result.errors);
      return send(reply, formatted.status ?? 200, { data: result.data ?? null, errors: formatted.errors }, formatted.retryAfter);
    } catch (err) {
      if (err instanceof RequestError) {
        const formatted = format(err.errors);
        return send(reply, err.status, { errors: formatted.errors }, formatted.retryAfter);
      }
      const formatted = format([new GraphQLError('Internal server error', { originalError: err as Error, extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
      return send(reply, 500, { errors: formatted.errors });
    }
  };
}
