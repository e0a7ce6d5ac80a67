import { GraphQLError } from 'graphql';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';

/**
 * How the HTTP tier answers while PostgreSQL cannot be reached (classified by
 * src/db/database-unavailable.ts): 503 with `Retry-After` and the code `DATABASE_UNAVAILABLE`,
 * on GraphQL (every path: context, execution, compiled reads, JIT) and on the REST routes
 * (imports, exports). Nothing is kept between requests, so once PostgreSQL is back the next
 * request simply succeeds: the pool has dropped the dead connections and opens new ones.
 * The audit trail is not weakened: a response whose disclosures cannot be recorded is withheld
 * by the access plugin (`AUDIT_UNAVAILABLE`, also 503).
 */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';
export const RETRY_AFTER_SECONDS = 5;
const MESSAGE = 'The database is unavailable; retry shortly';

/** The coded error, at the path and locations of the error it replaces. */
export function databaseUnavailableError(at?: GraphQLError): GraphQLError {
  return new GraphQLError(MESSAGE, {
    nodes: at?.nodes,
    path: at?.path,
    // Apollo reads `http.headers` as a Map (HeaderMap); graphql-yoga, installed for the gateway,
    // augments the same global extensions type with a plain record, hence the cast.
    extensions: { code: DATABASE_UNAVAILABLE, http: { status: 503, headers: new HeaderMap([['retry-after', String(RETRY_AFTER_SECONDS)]]) as unknown as Record<string, string> } },
  });
}

/** For code running before execution (the context: API-key look-up): rethrows coded when the database is the cause. */
export function rethrowDatabaseUnavailable(err: unknown): never {
  throw isDatabaseUnavailable(err) ? databaseUnavailableError() : err;
}

/**
 * Replaces execution errors caused by the outage with the coded error before Apollo formats
 * them: `didEncounterErrors` receives the very array Apollo formats next, and it is the last
 * point where an error still carries its cause (formatError cannot set the status, and
 * graphql-jit's errors without extensions would otherwise reach the client as a bare
 * "Internal server error"). The error's `http` extension makes the response 503.
 */
export function databaseOutagePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          const list = errors as GraphQLError[];
          list.forEach((error, i) => {
            if (isDatabaseUnavailable(error)) list[i] = databaseUnavailableError(error);
          });
        },
      };
    },
  };
}

/** The REST routes' answer (same body shape as their other errors); other errors go on to Fastify's handler. */
export function replyDatabaseUnavailable(app: FastifyInstance): void {
  app.setErrorHandler((err, _request, reply) => {
    if (!isDatabaseUnavailable(err)) throw err;
    return reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .send({ errors: [{ message: MESSAGE, extensions: { code: DATABASE_UNAVAILABLE } }] });
  });
}
