import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { SubgraphHttpClient, SubgraphRequestInit, SubgraphResponse } from './subgraph-http-client.js';

/** The coded error a client sees for the fields of a subgraph that did not answer. */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

/** How long the gateway waits for a subgraph's answer before giving up on it. */
export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 15_000;

/**
 * Sends every subgraph request through `client` (the gateway's keep-alive HTTP client, whose
 * timeouts are the subgraph timeout) and turns a subgraph that cannot be reached (refused,
 * reset, silent past the timeout, or answering 5xx without a GraphQL body) into a GraphQL error:
 * the gateway then gives that subgraph's fields as null with `SUBGRAPH_UNAVAILABLE` at their
 * paths, and the rest of the answer stands.
 * @param subgraphOfUrl maps a fetched URL back to its subgraph's name.
 */
export function subgraphUnavailable(subgraphOfUrl: (url: string) => string | undefined, client: SubgraphHttpClient): GatewayPlugin {
  const unavailable = (subgraph: string) =>
    new Response(
      JSON.stringify({
        data: null,
        errors: [{ message: `The ${subgraph} subgraph is unavailable; its fields are null`, extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph } }],
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  return {
    onFetch({ url, setFetchFn }) {
      const subgraph = subgraphOfUrl(url);
      if (!subgraph) return;
      setFetchFn(async (input, init) => {
        try {
          const response: SubgraphResponse = await client.fetch(input, init as SubgraphRequestInit);
          if (response.status >= 500 && !(response.headers.get('content-type') ?? '').includes('json')) return unavailable(subgraph);
          // The executor and the runtime's fetch hooks read only what SubgraphResponse has.
          return response as unknown as Response;
        } catch {
          return unavailable(subgraph);
        }
      });
    },
  };
}
