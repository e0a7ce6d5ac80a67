/** One subgraph's state as the gateway's /healthz reports it. */
export interface SubgraphHealth {
  status: 'up' | 'down';
  url: string;
  latencyMs?: number;
  error?: string;
}

/** Asks each subgraph's own /healthz (no credential needed there), in parallel, each within `timeoutMs`. */
export async function subgraphHealth(urls: Readonly<Record<string, string>>, timeoutMs = 1_000): Promise<Record<string, SubgraphHealth>> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]): Promise<[string, SubgraphHealth]> => {
      const started = Date.now();
      try {
        const res = await fetch(url.replace(/\/graphql$/, '/healthz'), { signal: AbortSignal.timeout(timeoutMs) });
        if (!res.ok) return [name, { status: 'down', url, error: `HTTP ${res.status}` }];
        return [name, { status: 'up', url, latencyMs: Date.now() - started }];
      } catch (err) {
        return [name, { status: 'down', url, error: (err as Error).message }];
      }
    }),
  );
  return Object.fromEntries(entries);
}
