import type { GraphQLResponse } from './test-hub.js';
import type { FederatedTestHub, FederationRouter } from './federation-hub.js';

/** A response as the equivalence suite compares it: status, data, and the errors in a stable order. */
export function comparable(res: GraphQLResponse) {
  const errors = (res.body.errors ?? []).map((e) => ({ path: e.path ?? null, code: e.extensions?.code ?? null, message: e.message, extensions: e.extensions ?? null, locations: (e as { locations?: unknown }).locations ?? null }));
  errors.sort((a, b) => JSON.stringify([a.path, a.code, a.message]).localeCompare(JSON.stringify([b.path, b.code, b.message])));
  return { status: res.status, data: res.body.data ?? null, errors };
}

type Comparable = ReturnType<typeof comparable>;

/**
 * Where the GraphQL specification (and GraphQL over HTTP) leaves a router the choice, the
 * monolith's answer is brought to the router's choice — nothing else is (docs/federation.md,
 * "Known differences between routers"):
 * - HTTP status: a GraphQL response sent as `application/json` may be 200 whatever its errors
 *   (GraphQL over HTTP §"application/json"); a standard router answers 200 where the monolith
 *   answers 400/401/503. The body (codes, data) must still be the same.
 * - `locations` of a field error: the spec says an error *should* carry them when it can be
 *   associated with a point of the document; a router that does not map a subgraph error's
 *   locations back to the client's document omits them. The path, code and message stay.
 * - A refusal before execution (credentials, query limits): the monolith refuses the request
 *   (no `data`); behind a standard router the subgraph refuses the router's fetch, which the
 *   router meets while executing, so the spec has it answer `data` with the fields that fetch
 *   would have filled set to null. Normalised only when every value the router sent is null and
 *   the errors are the same: no value was disclosed either way.
 */
export function asRouterAnswers(router: FederationRouter, monolith: Comparable, gateway: Comparable): Comparable {
  if (router === 'hive') return monolith;
  const status = gateway.status === 200 && monolith.status !== 200 ? 200 : monolith.status;
  const refusedBeforeExecution = monolith.data === null && monolith.errors.length > 0 && monolith.errors.every((e) => e.path === null);
  const data = refusedBeforeExecution && onlyNulls(gateway.data) ? gateway.data : monolith.data;
  const errors = monolith.errors.map((error) => {
    const routed = gateway.errors.find((e) => JSON.stringify([e.path, e.code, e.message]) === JSON.stringify([error.path, error.code, error.message]));
    return error.path && routed && routed.locations === null ? { ...error, locations: null } : error;
  });
  return { ...monolith, status, data, errors };
}

const onlyNulls = (value: unknown): boolean => value === null || (typeof value === 'object' && Object.values(value as object).every(onlyNulls));

/** Sends one request to the monolith and to the gateway (same headers, same database) and returns both. */
export async function bothWays(fed: FederatedTestHub, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const [monolith, gateway] = await Promise.all([fed.monolith.query(query, variables, headers), fed.gatewayQuery(query, variables, headers)]);
  const routed = comparable(gateway);
  return { monolith: asRouterAnswers(fed.router, comparable(monolith), routed), gateway: routed };
}
