import pino from 'pino';
import { departments } from '../../src/departments/registry.js';
import { createHub, type Hub } from '../../src/server/hub.js';
import { withPgClient } from '../../src/db/pg-client.js';
import { listPersons } from '../../src/core/queries/lists.js';
import { EVERY_ROW } from '../../src/auth/row-scope.js';
import { queryPrepared } from '../../src/core/queries/prepared-statement.js';
import { seedDemoData } from '../../src/seed/seed-demo-data.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * List pages are planned for their values on every call (unnamed statements, custom plans): a
 * township and a village need different plans, which one cached generic plan cannot give. The
 * hot fixed-shape reads stay named prepared statements. One pooled connection, so what the hub
 * prepared is visible in that session's `pg_prepared_statements`.
 */
describe('how list statements are planned', () => {
  let db: TestDatabase;
  let hub: Hub;
  const prepared = () =>
    withPgClient(hub.orm.em.fork(), async (client) => (await client.query<{ statement: string }>('select statement from pg_prepared_statements')).rows.map((r) => r.statement));

  beforeAll(async () => {
    db = await createTestDatabase();
    hub = await createHub({ url: db.url, departments, logger: pino({ level: 'silent' }), jwt: null, poolMax: 1 });
    await withPgClient(hub.orm.em.fork(), (client) => seedDemoData(client, { persons: 1500, county: '410823', seed: 3 }));
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    await db?.drop();
  });

  it('sends list pages and their counts unnamed, and still answers with the right page and total', async () => {
    const em = hub.orm.em.fork();
    const filter = { regionCode: '410823', civilAffairs: { assistanceProgram: ['DIBAO'] } };
    const page = await listPersons(em, departments, { first: 5, filter }, EVERY_ROW, undefined, true);
    const [{ n }] = await withPgClient(em, async (c) =>
      (await c.query(`select count(*)::int as n from core.person p where p.region_code like '410823%' and p.id in (select person_id from civil_affairs.assistance_enrolment where program = 'DIBAO')`)).rows);
    expect(n).toBeGreaterThan(5);
    expect(await page.totalCount()).toBe(n);
    expect(page.edges).toHaveLength(5);
    expect((await prepared()).filter((s) => s.includes('core.person p'))).toEqual([]);

    await queryPrepared(em, 'select count(*) from core.person p where p.region_code like ?', ['410823%']);
    expect((await prepared()).filter((s) => s.includes('core.person p'))).toHaveLength(1);
  });
});
