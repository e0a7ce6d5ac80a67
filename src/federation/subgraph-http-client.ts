import { Agent } from 'undici';

/** Connections the gateway keeps open to each subgraph (keep-alive; requests queue beyond this). */
export const DEFAULT_CONNECTIONS_PER_SUBGRAPH = 64;

/** What the gateway's HTTP executor reads of a subgraph's answer (a subset of the Fetch API's Response). */
export interface SubgraphResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null; has(name: string): boolean; entries(): IterableIterator<[string, string]>; forEach(fn: (value: string, key: string) => void): void };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export interface SubgraphRequestInit {
  method?: string;
  headers?: Record<string, string> | Iterable<[string, string]>;
  body?: unknown;
  signal?: AbortSignal | null;
}

const headerText = (value: string | string[] | undefined): string | null => (value === undefined ? null : Array.isArray(value) ? value.join(', ') : value);

function answer(status: number, headers: Record<string, string | string[] | undefined>, text: string): SubgraphResponse {
  const names = () => Object.keys(headers).filter((k) => headers[k] !== undefined);
  return {
    status,
    statusText: '',
    ok: status >= 200 && status < 300,
    headers: {
      get: (name) => headerText(headers[name.toLowerCase()]),
      has: (name) => headers[name.toLowerCase()] !== undefined,
      *entries() {
        for (const k of names()) yield [k, headerText(headers[k])!];
      },
      forEach(fn) {
        for (const k of names()) fn(headerText(headers[k])!, k);
      },
    },
    text: () => Promise.resolve(text),
    json: () => Promise.resolve(JSON.parse(text)),
  };
}

/** Subgraph requests carry JSON text (executor-http's only body here); anything else is refused, not stringified. */
function bodyOf(body: unknown): string | Uint8Array | null {
  if (body == null || typeof body === 'string' || body instanceof Uint8Array) return body ?? null;
  throw new TypeError(`subgraph request body must be text or bytes, not ${Object.prototype.toString.call(body)}`);
}

/**
 * The gateway's HTTP client for subgraph requests: undici's keep-alive pools, one per subgraph
 * origin, in place of the Fetch API the gateway runtime uses by default. Every client request
 * becomes up to seven subgraph requests, so the client's cost per request is paid many times:
 * this one sends the JSON body as it is, reads the answer as text, and times out with undici's
 * own header/body timers instead of an AbortSignal per request (see bench/results/federation.md).
 */
export function createSubgraphHttpClient(opts: { timeoutMs: number; connections?: number }) {
  const agent = new Agent({
    connections: opts.connections ?? DEFAULT_CONNECTIONS_PER_SUBGRAPH,
    keepAliveTimeout: 30_000,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  });
  // Parsed once per subgraph URL: the gateway sends to the same seven over and over.
  const targets = new Map<string, { origin: string; path: string }>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: parsed.pathname + parsed.search };
      targets.set(url, target);
    }
    return target;
  };
  return {
    /** POSTs (or GETs) like `fetch`; rejects when the subgraph cannot be reached or times out. */
    async fetch(url: string, init: SubgraphRequestInit = {}): Promise<SubgraphResponse> {
      const target = targetOf(url);
      const headers = init.headers && !(Symbol.iterator in init.headers) ? init.headers : Object.fromEntries(init.headers ?? []);
      const { statusCode, headers: responseHeaders, body } = await agent.request({
        origin: target.origin,
        path: target.path,
        method: (init.method ?? 'GET') as 'GET' | 'POST',
        headers,
        body: bodyOf(init.body),
        signal: init.signal ?? undefined,
      });
      return answer(statusCode, responseHeaders, await body.text());
    },
    close: () => agent.close(),
  };
}

export type SubgraphHttpClient = ReturnType<typeof createSubgraphHttpClient>;
