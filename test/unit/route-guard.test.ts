import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildSchema } from 'graphql';
import { createRouteGuard, RouteRefusal, type AdmittedRequest } from '../../src/server/route-guard.js';
import type { Authenticator } from '../../src/auth/authenticate.js';
import { anonymousCaller } from '../../src/auth/caller.js';
import type { Caller } from '../../src/contract/caller.js';

const schema = buildSchema(`
  directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT
  type Query { report: Int @requiresScopes(scopes: [["reports:read"]]) }
  type Mutation { upsertThings: Int @requiresScopes(scopes: [["things:write"]]) }
`);

const callerWith = (...scopes: string[]): Caller => ({ ...anonymousCaller, id: 'c', name: 'c', kind: 'system', scopes: new Set(scopes) });
const KEYS: Record<string, Caller> = { 'Bearer reader': callerWith('reports:read'), 'Bearer writer': callerWith('things:write') };
const authenticate: Authenticator = async (header) =>
  header === undefined ? { kind: 'anonymous' } : KEYS[header] ? { kind: 'caller', caller: KEYS[header]! } : { kind: 'invalid', message: 'API key not recognised' };

let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  app = Fastify();
  const guard = createRouteGuard({ schema, authenticate });
  const answer = (a: AdmittedRequest) => ({ caller: a.caller.name, purpose: a.purpose, requestId: a.requestId });
  app.get('/report', async (request, reply) => {
    const admitted = await guard(request, reply, { field: 'Query.report', action: 'run reports' });
    return admitted ? answer(admitted) : reply;
  });
  app.get<{ Params: { kind: string } }>('/import/:kind', async (request, reply) => {
    const admitted = await guard(request, reply, () => {
      if (request.params.kind !== 'things') throw new RouteRefusal('NOT_FOUND', `no kind "${request.params.kind}"`);
      return { field: 'Mutation.upsertThings', action: 'write things' };
    });
    return admitted ? answer(admitted) : reply;
  });
  app.get('/missing-field', async (request, reply) => (await guard(request, reply, { field: 'Query.nothing', action: 'do nothing' })) ?? reply);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

/** Over real HTTP: fastify's inject loads an ESM-only dependency this jest setup cannot require. */
async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${url}`, { headers });
  const body = await res.json();
  return { statusCode: res.status, json: () => body };
}

describe('the REST route guard', () => {
  it('refuses a request without credentials as UNAUTHENTICATED (401)', async () => {
    const res = await get('/report');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ errors: [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('refuses credentials that do not hold with the authenticator’s reason', async () => {
    const res = await get('/report', { authorization: 'Bearer nobody' });
    expect(res.statusCode).toBe(401);
    expect(res.json().errors[0].message).toBe('API key not recognised');
  });

  it('admits a caller holding the scopes of the SDL field the route does the work of', async () => {
    const res = await get('/report', { authorization: 'Bearer reader', 'x-purpose': ' STATISTICS ' });
    expect(res.statusCode).toBe(200);
    // The purpose is read as GraphQL reads it (trimmed first value), not by hand.
    expect(res.json()).toMatchObject({ caller: 'c', purpose: 'STATISTICS' });
  });

  it('refuses a caller without those scopes as UNAUTHORIZED_FIELD_OR_TYPE (403)', async () => {
    const res = await get('/report', { authorization: 'Bearer writer' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ errors: [{ message: 'Not authorized to run reports', extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } }] });
  });

  it('works a requirement out only after authentication, so nobody learns what exists before proving who they are', async () => {
    expect((await get('/import/secrets')).statusCode).toBe(401);
    const unknown = await get('/import/secrets', { authorization: 'Bearer writer' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await get('/import/things', { authorization: 'Bearer writer' })).statusCode).toBe(200);
    expect((await get('/import/things', { authorization: 'Bearer reader' })).statusCode).toBe(403);
  });

  it('admits nobody to a route naming a field the schema lacks (deny by default)', async () => {
    expect((await get('/missing-field', { authorization: 'Bearer reader' })).statusCode).toBe(403);
  });

  it('is how the report export and the file import admit requests: neither reads credentials or the purpose by hand', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    for (const file of ['src/reports/export-routes.ts', 'src/ingest/import-route.ts']) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      expect({ file, guarded: text.includes('createRouteGuard(') }).toEqual({ file, guarded: true });
      expect({ file, byHand: text.match(/authenticate\(|headers\.authorization|x-purpose/gi) }).toEqual({ file, byHand: null });
    }
  });
});
