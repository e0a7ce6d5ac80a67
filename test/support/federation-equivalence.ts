import type { GraphQLResponse } from './test-hub.js';
import type { FederatedTestHub } from './federation-hub.js';

/** A response as the equivalence suite compares it: status, data, and the errors in a stable order. */
export function comparable(res: GraphQLResponse) {
  const errors = (res.body.errors ?? []).map((e) => ({ path: e.path ?? null, code: e.extensions?.code ?? null, message: e.message, extensions: e.extensions ?? null, locations: (e as { locations?: unknown }).locations ?? null }));
  errors.sort((a, b) => JSON.stringify([a.path, a.code, a.message]).localeCompare(JSON.stringify([b.path, b.code, b.message])));
  return { status: res.status, data: res.body.data ?? null, errors };
}

/** Sends one request to the monolith and to the gateway (same headers, same database) and returns both. */
export async function bothWays(fed: FederatedTestHub, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const [monolith, gateway] = await Promise.all([fed.monolith.query(query, variables, headers), fed.gatewayQuery(query, variables, headers)]);
  return { monolith: comparable(monolith), gateway: comparable(gateway) };
}
