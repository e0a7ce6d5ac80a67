import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/** The coded error a client sees for the fields of a subgraph that did not answer. */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

/** How long the gateway waits for a subgraph's answer before giving up on it. */
export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 15_000;

/**
 * A subgraph that cannot be reached (refused, reset, silent past `timeoutMs`, or answering 5xx
 * without a GraphQL body) answers as a GraphQL error instead: the gateway then gives that
 * subgraph's fields as null with `SUBGRAPH_UNAVAILABLE` at their paths, and the rest of the
 * answer stands.
 * @param subgraphOfUrl maps a fetched URL back to its subgraph's name.
 */
export function subgraphUnavailable(subgraphOfUrl: (url: string) => string | undefined, timeoutMs = DEFAULT_SUBGRAPH_TIMEOUT_MS): GatewayPlugin {
  const unavailable = (subgraph: string) =>
    new Response(
      JSON.stringify({
        data: null,
        errors: [{ message: `The ${subgraph} subgraph is unavailable; its fields are null`, extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph } }],
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  return {
    onFetch({ url, fetchFn, setFetchFn }) {
      const subgraph = subgraphOfUrl(url);
      if (!subgraph) return;
      setFetchFn(async (input, init, ...rest) => {
        try {
          const timeout = AbortSignal.timeout(timeoutMs);
          const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
          const response = await fetchFn(input, { ...init, signal }, ...rest);
          if (response.status >= 500 && !(response.headers.get('content-type') ?? '').includes('json')) return unavailable(subgraph);
          return response;
        } catch {
          return unavailable(subgraph);
        }
      });
    },
  };
}
