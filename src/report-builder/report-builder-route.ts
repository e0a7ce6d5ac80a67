import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ROLES } from '../auth/policy.js';

const PAGE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Everything comes from this server and the page may reach nothing else: government intranets
 * are offline, and a page holding an API key should not be able to send it anywhere but here.
 */
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

/**
 * Role names for the page's "share with" picker, from the policy file. Names and descriptions
 * only: who may do what is still decided by the API on every request.
 */
function rolesJson(): string {
  return JSON.stringify(Object.entries(ROLES).map(([name, role]) => ({ name, description: role.description })));
}

/** Page files by URL name; only plain files of the page folder with a known type are served. */
function pageFiles(): Map<string, { type: string; body: Buffer }> {
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const name of fs.readdirSync(PAGE_DIR)) {
    const type = TYPES[path.extname(name)];
    if (type) files.set(name, { type, body: fs.readFileSync(path.join(PAGE_DIR, name)) });
  }
  files.set('roles.json', { type: TYPES['.json']!, body: Buffer.from(rolesJson()) });
  return files;
}

/**
 * The report builder (统计报表) for the leading-group office: `GET /reports` and its assets under
 * `/reports/assets/`. A static page that talks to `/graphql` and the export routes with the
 * caller's own key, so it sees exactly what the caller may see (docs/report-builder.md).
 */
export function registerReportBuilder(app: FastifyInstance): void {
  const files = pageFiles();
  const send = (name: string, reply: FastifyReply) => {
    const file = files.get(name);
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    return reply
      .header('content-type', file.type)
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .send(file.body);
  };
  app.get('/reports', (_request, reply) => send('index.html', reply));
  app.get<{ Params: { name: string } }>('/reports/assets/:name', (request, reply) =>
    request.params.name === 'index.html' ? send('', reply) : send(request.params.name, reply),
  );
}
