import { auditServer, serverAudits, type AuditResult } from 'graphql-http';
import { startTestHub, type TestHub } from '../support/test-hub.js';

/**
 * GraphQL-over-HTTP compliance: graphql-http's `auditServer` against the real hub over HTTP.
 * Its requests are `{ __typename }`-style (introspection, which `@public` rules let anyone run),
 * so they are sent once without credentials and once as a partner caller with a key.
 *
 * Every MUST passes. The SHOULDs below are the known deviations, explained in docs/http.md; the
 * list is exact, so a newly failing audit — or one that starts passing — fails this test.
 */
const KNOWN_DEVIATIONS = [
  'SHOULD use 200 status code on document parsing failure when accepting application/json',
  'SHOULD use 200 status code on document validation failure when accepting application/json',
  'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
];

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

/** A fetch that adds `headers` to every request the audit sends. */
function fetchWith(headers: Record<string, string>): typeof fetch {
  return (input, init) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    return fetch(input, { ...init, headers: merged });
  };
}

function summary(results: AuditResult[]) {
  return {
    mustCount: results.filter((r) => r.name.startsWith('MUST')).length,
    failedMusts: results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`),
    notOk: results.filter((r) => r.status !== 'ok').map((r) => r.name),
  };
}

describe.each([
  ['without credentials', () => ({})],
  ['as a partner caller with an API key', () => hub.as('civil-affairs')],
])('graphql-http auditServer %s', (_label, credentials) => {
  let results: AuditResult[];
  beforeAll(async () => {
    results = await auditServer({ url: `${hub.baseUrl}/graphql`, fetchFn: fetchWith(await credentials()) });
  });

  it('passes every MUST', () => {
    const musts = serverAudits({ url: hub.baseUrl }).filter((a) => a.name.startsWith('MUST')).length;
    const { mustCount, failedMusts } = summary(results);
    expect(musts).toBeGreaterThan(0);
    expect(mustCount).toBe(musts);
    expect(failedMusts).toEqual([]);
  });

  it('misses only the SHOULDs docs/http.md lists, and no MAY (GET included)', () => {
    expect(summary(results).notOk.sort()).toEqual([...KNOWN_DEVIATIONS].sort());
  });
});

describe('GET', () => {
  it('answers a query in the URL without any extra header, as the README says', async () => {
    const res = await fetch(`${hub.baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('never runs a mutation', async () => {
    const query = 'mutation { __typename }';
    const res = await fetch(`${hub.baseUrl}/graphql?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'application/json', ...(await hub.as('admin')) },
    });
    expect(res.status).toBe(405);
  });

  it('still requires a key for non-public fields', async () => {
    const res = await fetch(`${hub.baseUrl}/graphql?query=${encodeURIComponent('{ person(id: "1") { name } }')}`, { headers: { accept: 'application/json' } });
    const body = (await res.json()) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
  });
});
