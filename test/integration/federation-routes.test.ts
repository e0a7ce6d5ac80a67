import { loadCountyFixture, fixturePersons } from '../fixtures/county-fixture.js';
import { startFederatedTestHub, type FederatedTestHub } from '../support/federation-hub.js';
import { uploadFile } from '../support/intake-clients.js';
import { fieldEncryption } from '../../src/crypto/field-encryption.js';

/**
 * The HTTP routes beside GraphQL through the federated gateway, over real HTTP on one database:
 * the report builder's page, the report export (ad hoc and saved) and the file import answer
 * as the monolith's do — same status, same headers that matter, same bytes — and are refused
 * alike; the core subgraph serves them to the gateway only.
 */
let fed: FederatedTestHub;
beforeAll(async () => {
  fed = await startFederatedTestHub({ fixture: loadCountyFixture });
}, 180_000);
afterAll(async () => {
  await fed?.close();
});

interface Sent {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  json?: unknown;
}

/** One answer as compared: status, the headers a client acts on, and the body as text. */
async function answer(base: string, path: string, sent: Sent = {}) {
  const res = await fetch(`${base}${path}`, {
    method: sent.method ?? (sent.json === undefined ? 'GET' : 'POST'),
    headers: { ...sent.headers, ...(sent.json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: sent.json === undefined ? undefined : JSON.stringify(sent.json),
  });
  const headers = Object.fromEntries(['content-type', 'content-disposition', 'content-security-policy'].map((h) => [h, res.headers.get(h)]));
  return { status: res.status, headers, body: await res.text() };
}

const bothWays = async (path: string, sent: Sent = {}) => {
  const [monolith, gateway] = await Promise.all([answer(fed.monolith.baseUrl, path, sent), answer(new URL(fed.gatewayUrl).origin, path, sent)]);
  return { monolith, gateway };
};

it('serves the report builder page as the monolith does', async () => {
  for (const path of ['/reports', '/reports/assets/roles.json', '/reports/assets/nothing-here.js']) {
    const { monolith, gateway } = await bothWays(path);
    expect({ path, ...gateway }).toEqual({ path, ...monolith });
  }
  expect((await answer(new URL(fed.gatewayUrl).origin, '/reports')).status).toBe(200);
});

it('exports an ad-hoc report with the same suppressed cells, file type and name as the monolith', async () => {
  const office = await fed.monolith.as('leading-group-office', { purpose: 'STATISTICS' });
  const input = { title: '乡镇人数', groupBy: ['REGION_TOWNSHIP'] };
  const { monolith, gateway } = await bothWays('/reports/export?format=csv', { headers: office, json: { input } });
  expect(monolith.status).toBe(200);
  expect(monolith.headers['content-type']).toMatch(/csv/);
  expect(gateway).toEqual(monolith);
  const xlsx = await bothWays('/reports/export?format=xlsx', { headers: office, json: { input } });
  expect(xlsx.gateway.status).toBe(200);
  expect(xlsx.gateway.headers).toEqual(xlsx.monolith.headers);
});

it('exports a saved report as the monolith does', async () => {
  const office = await fed.monolith.as('leading-group-office', { purpose: 'STATISTICS' });
  const saved = await fed.monolith.query(
    `mutation($input: SavedReportInput!) { createSavedReport(input: $input) { id } }`,
    { input: { name: '按性别', definition: { groupBy: ['GENDER'] } } },
    office,
  );
  const id = saved.body.data.createSavedReport.id;
  const { monolith, gateway } = await bothWays(`/reports/${id}/export?format=csv&regionCode=410823101`, { headers: office });
  expect(monolith.status).toBe(200);
  expect(gateway).toEqual(monolith);
  const missing = await bothWays('/reports/999999/export?format=csv', { headers: office });
  expect(missing.monolith.status).toBe(404);
  expect(missing.gateway).toEqual(missing.monolith);
});

it('refuses exports alike: no credentials, a bad key, a caller without the scope, a bad format or input', async () => {
  const cases: Array<[string, string, Sent]> = [
    ['no credentials', '/reports/export?format=csv', { json: { input: { groupBy: [] } } }],
    ['no credentials, saved', '/reports/1/export?format=csv', {}],
    ['an unknown API key', '/reports/export?format=csv', { headers: { authorization: 'Bearer cg_abcdefgh_0123456789abcdef0123456789abcdef' }, json: { input: { groupBy: [] } } }],
    ['no reports scope', '/reports/export?format=csv', { headers: await fed.monolith.as('education'), json: { input: { groupBy: [] } } }],
    ['a bad format', '/reports/export?format=pdf', { headers: await fed.monolith.as('admin'), json: { input: { groupBy: [] } } }],
    ['an unknown dimension', '/reports/export?format=csv', { headers: await fed.monolith.as('admin'), json: { input: { groupBy: ['SHOE_SIZE'] } } }],
  ];
  const statuses: number[] = [];
  for (const [label, path, sent] of cases) {
    const { monolith, gateway } = await bothWays(path, sent);
    expect({ label, ...gateway }).toEqual({ label, ...monolith });
    statuses.push(monolith.status);
  }
  expect(statuses).toEqual([401, 401, 401, 403, 400, 400]);
});

const CSV = (id: string) =>
  ['sourceRecordId,idNumber,name,kind,visitDate,visitor,notes', `${id},${fixturePersons[0]!.idNumber},王建国,FIELD_VISIT,2026-01-05,赵干部,入户走访`, `${id}-BAD,${fixturePersons[0]!.idNumber},王建国,CHAT,2026-01-05,,`].join('\r\n');

it('imports a file through the gateway: written, audited to the caller, the bad row rejected as by the monolith', async () => {
  const writer = await fed.monolith.as('civil-affairs');
  const viaGateway = await uploadFile(new URL(fed.gatewayUrl).origin, '/import/civil-affairs/care-visit', 'visits.csv', CSV('FED-V-1'), writer);
  const viaMonolith = await uploadFile(fed.monolith.baseUrl, '/import/civil-affairs/care-visit', 'visits.csv', CSV('FED-V-2'), writer);
  expect(viaGateway.status).toBe(200);
  expect(viaGateway.body).toMatchObject({ created: 1, rejected: 1 });
  const withoutIds = (body: { rejects: Array<{ sourceRecordId: string; original: string[] }> }) =>
    ({ ...body, rejects: body.rejects.map((r) => ({ ...r, sourceRecordId: null, original: r.original.slice(1) })) });
  expect(withoutIds(viaGateway.body)).toEqual(withoutIds(viaMonolith.body));
  const visits = await fed.monolith.sql<{ visitor: string; ingested_by: string }>(`select visitor, ingested_by from civil_affairs.care_visit where source_record_id like 'FED-V-%' order by source_record_id`);
  expect(visits.map((v) => ({ ...v, visitor: fieldEncryption().open('civil_affairs.care_visit.visitor', v.visitor) }))).toEqual([
    { visitor: '赵干部', ingested_by: 'civil-affairs@all' },
    { visitor: '赵干部', ingested_by: 'civil-affairs@all' },
  ]);
});

it('answers ?rejects=csv through the gateway as the monolith does: the rejects file, its name and the X-Import-Summary header', async () => {
  const writer = await fed.monolith.as('civil-affairs');
  const download = async (origin: string, id: string) => {
    const form = new FormData();
    form.append('file', new Blob([CSV(id)]), '走访.csv');
    const res = await fetch(`${origin}/import/civil-affairs/care-visit?dryRun=true&rejects=csv`, { method: 'POST', body: form, headers: writer });
    const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
    return { status: res.status, type: res.headers.get('content-type'), name: res.headers.get('content-disposition'), summary: JSON.parse(res.headers.get('x-import-summary') ?? 'null'), lines: text.split('\r\n').length, text: text.replaceAll(id, 'ID') };
  };
  const viaGateway = await download(new URL(fed.gatewayUrl).origin, 'FED-R-1');
  const viaMonolith = await download(fed.monolith.baseUrl, 'FED-R-2');
  expect(viaGateway).toEqual(viaMonolith);
  expect(viaGateway).toMatchObject({ status: 200, type: 'text/csv; charset=utf-8', summary: { created: 1, rejected: 1, dryRun: true, rejectsListed: 1 } });
  expect(viaGateway.name).toContain(encodeURIComponent('走访.rejects.csv'));
  expect(viaGateway.text).toContain('ID-BAD');
});

it('refuses imports alike: no credentials, a bad key, another department, an unknown kind', async () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['no credentials', '/import/civil-affairs/care-visit', {}],
    ['an unknown API key', '/import/civil-affairs/care-visit', { authorization: 'Bearer cg_abcdefgh_0123456789abcdef0123456789abcdef' }],
    ['another department', '/import/civil-affairs/care-visit', await fed.monolith.as('education')],
    ['an unknown kind', '/import/civil-affairs/no-such-kind', await fed.monolith.as('civil-affairs')],
  ];
  const statuses: number[] = [];
  for (const [label, path, headers] of cases) {
    const [monolith, gateway] = await Promise.all([
      uploadFile(fed.monolith.baseUrl, path, 'visits.csv', CSV('FED-X'), headers),
      uploadFile(new URL(fed.gatewayUrl).origin, path, 'visits.csv', CSV('FED-Y'), headers),
    ]);
    expect({ label, ...gateway }).toEqual({ label, ...monolith });
    statuses.push(monolith.status);
  }
  expect(statuses).toEqual([401, 401, 403, 404]);
  expect(await fed.monolith.sql(`select 1 from civil_affairs.care_visit where source_record_id like 'FED-X%' or source_record_id like 'FED-Y%'`)).toEqual([]);
});

it('the core subgraph serves the relayed routes to the gateway only, whatever credentials a client sends it', async () => {
  const core = new URL(fed.subgraphUrls.core!).origin;
  const admin = await fed.monolith.as('admin');
  const direct = await answer(core, '/reports/export?format=csv', { headers: admin, json: { input: { groupBy: [] } } });
  expect(direct.status).toBe(401);
  expect(JSON.parse(direct.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  const forged = await answer(core, '/reports/export?format=csv', { headers: { authorization: 'CareGraph-Gateway abc.def', 'x-caregraph-gateway': 'abc.def' }, json: { input: { groupBy: [] } } });
  expect(forged.status).toBe(401);
  const upload = await uploadFile(core, '/import/civil-affairs/care-visit', 'visits.csv', CSV('FED-Z'), admin);
  expect(upload.status).toBe(401);
  expect(await fed.monolith.sql(`select 1 from civil_affairs.care_visit where source_record_id like 'FED-Z%'`)).toEqual([]);
  // Spelt otherwise, the paths reach the same routes (Fastify decodes them): refused the same way,
  // a forged statement a 401 and not a server error.
  for (const spelt of ['/rep%6Frts/export?format=csv', '/reports/export/?format=csv', '/reports//export?format=csv']) {
    for (const headers of [admin, { authorization: 'CareGraph-Gateway abc.def' }]) {
      const res = await answer(core, spelt, { headers, json: { input: { groupBy: [] } } });
      if (res.status !== 404) expect([spelt, res.status, JSON.parse(res.body).errors[0].extensions.code]).toEqual([spelt, 401, 'UNAUTHENTICATED']);
    }
  }
  const encoded = await answer(core, '/rep%6Frts/export?format=csv', { headers: admin, json: { input: { groupBy: [] } } });
  expect(encoded.status).toBe(401);
  const encodedUpload = await uploadFile(core, '/imp%6Frt/civil-affairs/care-visit', 'visits.csv', CSV('FED-Y'), admin);
  expect(encodedUpload.status).toBe(401);
  expect(await fed.monolith.sql(`select 1 from civil_affairs.care_visit where source_record_id like 'FED-Y%'`)).toEqual([]);
});
