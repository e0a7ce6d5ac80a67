import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

/**
 * Self-hosted GraphiQL. Government networks are offline, so React, GraphiQL and its CSS are
 * served from node_modules by this server; the page loads nothing from the internet.
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'application/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'application/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'application/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/** Packages' `exports` hide their UMD builds from `require.resolve`, so go via package.json. */
function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

const DEFAULT_QUERY = `# CareGraph — one person/household graph over five departments.
# Most fields need a caller: add "authorization": "Bearer <key from npm run callers -- add>"
# to the Headers tab below (kept for this browser tab only), beside "x-purpose".
query Village {
  persons(filter: { regionCode: "410823", civilAffairs: { assistanceProgram: [DIBAO] } }, first: 5) {
    totalCount
    nodes {
      name
      age
      household { householdNumber region { name } members { name relationToHead } }
      civilAffairs { enrolments { program status monthlyAmount } }
      disability { certificates { category grade } }
    }
  }
}
`;

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>CareGraph GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css" />
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  <style>#report-builder-link { position: fixed; right: 12px; bottom: 12px; z-index: 10; padding: 6px 12px; border-radius: 4px; background: #1f6fb2; color: #fff; font: 14px system-ui, sans-serif; text-decoration: none; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <a id="report-builder-link" href="/reports">统计报表 Report builder</a>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script>
    const base = GraphiQL.createFetcher({ url: '/graphql' });
    // Introspection is public: sent without the editor's headers, a mistyped or revoked key
    // cannot leave Docs and autocomplete broken (the hub would answer it 401).
    const fetcher = (params, opts) => base(params, params.operationName === 'IntrospectionQuery' ? { ...opts, headers: {} } : opts);
    // Office PCs are shared: the headers (the API key) live in this tab's sessionStorage and go
    // when it closes. Tabs, history and favourites stay in localStorage with their headers
    // stripped; this tab reads its full copy from sessionStorage first.
    const SESSION_ONLY = 'graphiql:headers';
    const WITH_HEADERS = ['graphiql:tabState', 'graphiql:queries', 'graphiql:favorites'];
    const withoutHeaders = (json) => {
      try { return JSON.stringify(JSON.parse(json), (key, value) => (key === 'headers' ? null : value)); } catch { return null; }
    };
    const storage = {
      getItem: (key) => (key === SESSION_ONLY ? sessionStorage.getItem(key) : WITH_HEADERS.includes(key) ? sessionStorage.getItem(key) ?? localStorage.getItem(key) : localStorage.getItem(key)),
      setItem: (key, value) => {
        if (key === SESSION_ONLY) return sessionStorage.setItem(key, value);
        if (WITH_HEADERS.includes(key)) {
          sessionStorage.setItem(key, value);
          const safe = withoutHeaders(value);
          return safe === null ? localStorage.removeItem(key) : localStorage.setItem(key, safe);
        }
        localStorage.setItem(key, value);
      },
      removeItem: (key) => { sessionStorage.removeItem(key); localStorage.removeItem(key); },
      get length() { return Object.keys(localStorage).filter((k) => k.startsWith('graphiql:')).length; },
      clear: () => {
        for (const area of [localStorage, sessionStorage]) for (const k of Object.keys(area)) if (k.startsWith('graphiql:')) area.removeItem(k);
      },
    };
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        storage,
        defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
        // No placeholder Authorization: the page must open working; the query above says what to add.
        defaultHeaders: ${JSON.stringify(JSON.stringify({ 'x-purpose': 'CASE_MANAGEMENT' }, null, 2))},
        shouldPersistHeaders: true,
      }),
    );
  </script>
</body>
</html>`;

/** True for a browser navigation (HTML wanted), false for GraphQL-over-HTTP GET requests. */
export function wantsGraphiql(accept: string | undefined, query: unknown): boolean {
  const hasOperation = typeof query === 'object' && query !== null && 'query' in query;
  return !hasOperation && !!accept && accept.includes('text/html');
}

export function registerGraphiql(app: FastifyInstance): void {
  const cache = new Map<string, Buffer>();
  app.get<{ Params: { name: string } }>('/graphiql/assets/:name', async (req, reply) => {
    const asset = ASSETS[req.params.name];
    if (!asset) return reply.code(404).send({ error: 'unknown asset' });
    let body = cache.get(req.params.name);
    if (!body) {
      body = fs.readFileSync(packageFile(asset.pkg, asset.file));
      cache.set(req.params.name, body);
    }
    return reply.header('content-type', asset.type).header('cache-control', 'public, max-age=86400').send(body);
  });
}

export const graphiqlPage = PAGE;
