/**
 * Whether an error means "PostgreSQL cannot be reached right now" — the server is down,
 * restarting or refusing connections, or a connection died under a statement — as opposed to a
 * fault of the statement or of the hub. Such errors are answered with 503 and
 * `DATABASE_UNAVAILABLE` (src/server/database-outage.ts) and go away once PostgreSQL is back:
 * the connection pool drops dead connections and opens new ones by itself.
 *
 * Errors arrive wrapped (GraphQLError → MikroORM DriverException → pg/Node error, AggregateError
 * for a host with several addresses, graphql-js's NonErrorThrown around a plain object thrown
 * with a socket error's fields), so the whole chain is searched.
 */

/** Node socket errors of a connection attempt or of an open connection. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs: class 08 (connection exception), 57P01 admin_shutdown (a stop terminates sessions),
 * 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down), 53300
 * too_many_connections.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * Errors pg and knex raise without a code when a connection is gone or none can be had. The last
 * one replaces the real error when a connection dies inside `em.transactional`: knex has already
 * ended the transaction, so MikroORM's rollback throws it instead of the connection's error.
 */
const MESSAGES = [
  /^Connection terminated/,
  /connection error and is not queryable/,
  /^Knex: Timeout acquiring a connection/,
  /^Connection ended unexpectedly/,
  /^Transaction query already complete/,
];

function ownMatch(err: object): boolean {
  const { code, sqlState, message } = err as { code?: unknown; sqlState?: unknown; message?: unknown };
  for (const c of [code, sqlState]) {
    if (typeof c !== 'string') continue;
    if (NETWORK_CODES.has(c) || SQLSTATES.has(c) || /^08[0-9A-Z]{3}$/.test(c)) return true;
  }
  return typeof message === 'string' && MESSAGES.some((m) => m.test(message));
}

export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<object>();
  const queue: unknown[] = [err];
  while (queue.length) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    if (ownMatch(next)) return true;
    const { originalError, cause, thrownValue, errors } = next as { originalError?: unknown; cause?: unknown; thrownValue?: unknown; errors?: unknown };
    queue.push(originalError, cause, thrownValue);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return false;
}
