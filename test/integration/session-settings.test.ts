import pino from 'pino';
import { departments } from '../../src/departments/registry.js';
import { createHub, type Hub } from '../../src/server/hub.js';
import { withPgClient } from '../../src/db/pg-client.js';
import { runReport } from '../../src/reports/run-report.js';
import { EVERY_ROW } from '../../src/auth/row-scope.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The settings each of `n` pooled connections reports, read while all `n` are held at once: each
 * reads only once all `n` are acquired, so no connection is released and handed out twice (a
 * short sleep in the query did not ensure that: opening a new connection under load outlasts it).
 */
async function settingsOfConnections(hub: Hub, n: number): Promise<Array<{ pid: number; workers: string; workMem: string; pageCost: string }>> {
  let acquired = 0;
  let allAcquired!: () => void;
  const barrier = new Promise<void>((resolve) => (allAcquired = resolve));
  return Promise.all(
    Array.from({ length: n }, () =>
      withPgClient(hub.orm.em.fork(), async (client) => {
        if (++acquired === n) allAcquired();
        await barrier;
        const { rows } = await client.query(
          `select pg_backend_pid() as pid, current_setting('max_parallel_workers_per_gather') as workers,
                  current_setting('work_mem') as "workMem", current_setting('random_page_cost') as "pageCost"`,
        );
        return rows[0];
      }),
    ),
  );
}

describe("the hub's PostgreSQL sessions", () => {
  let db: TestDatabase;
  const saved = process.env.CAREGRAPH_PARALLEL_WORKERS;
  const start = () => createHub({ url: db.url, departments, logger: pino({ level: 'silent' }), jwt: null, poolMax: 4 });

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.CAREGRAPH_PARALLEL_WORKERS;
    else process.env.CAREGRAPH_PARALLEL_WORKERS = saved;
  });
  afterAll(async () => {
    await db.drop();
  });

  it('plan request statements serially on every pooled connection by default', async () => {
    delete process.env.CAREGRAPH_PARALLEL_WORKERS;
    const hub = await start();
    try {
      const seen = await settingsOfConnections(hub, 3);
      expect(new Set(seen.map((s) => s.pid)).size).toBe(3);
      expect(seen.map((s) => s.workers)).toEqual(['0', '0', '0']);
      // Connections (and the prepared statements they carry) outlive a quiet half minute.
      expect(hub.orm.config.get('pool')?.idleTimeoutMillis).toBe(600_000);
      expect((await settingsOfConnections(hub, 3)).map((s) => s.pid).sort()).toEqual(seen.map((s) => s.pid).sort());
    } finally {
      await hub.close();
    }
  });

  it('take the number of workers from CAREGRAPH_PARALLEL_WORKERS', async () => {
    process.env.CAREGRAPH_PARALLEL_WORKERS = '3';
    const hub = await start();
    try {
      expect((await settingsOfConnections(hub, 2)).map((s) => s.workers)).toEqual(['3', '3']);
    } finally {
      await hub.close();
    }
  });

  it('refuse to start on a bad CAREGRAPH_PARALLEL_WORKERS, saying which variable and value', async () => {
    process.env.CAREGRAPH_PARALLEL_WORKERS = 'many';
    await expect(start()).rejects.toThrow('CAREGRAPH_PARALLEL_WORKERS must be a whole number of parallel workers from 0 to 64, got "many"');
  });

  it("keep a report's own planner settings inside the report's transaction", async () => {
    delete process.env.CAREGRAPH_PARALLEL_WORKERS;
    const hub = await start();
    try {
      const before = await settingsOfConnections(hub, 4);
      const result = await runReport(
        hub.orm.em.fork(),
        { groupBy: ['GENDER'], measures: ['PERSONS'], rates: [], customRates: [], subtotals: false },
        { departments, rows: EVERY_ROW },
      );
      expect(result.rows.at(-1)!.keys).toEqual([null]);
      const after = await settingsOfConnections(hub, 4);
      // Every pooled connection (the report's among them) is back to the session's settings.
      expect(after.map(({ workers, workMem, pageCost }) => ({ workers, workMem, pageCost }))).toEqual(
        before.map(({ workers, workMem, pageCost }) => ({ workers, workMem, pageCost })),
      );
      expect(after[0]!.workers).toBe('0');
    } finally {
      await hub.close();
    }
  });

  it('have the narrow person index reports read instead of the person table', async () => {
    const hub = await start();
    try {
      const [index] = await hub.orm.em
        .getConnection()
        .execute<Array<{ indexdef: string }>>(`select indexdef from pg_indexes where schemaname = 'core' and indexname = 'person_id_report_columns_index'`);
      expect(index?.indexdef).toBe('CREATE INDEX person_id_report_columns_index ON core.person USING btree (id) INCLUDE (household_id, gender, birth_date, region_code)');
    } finally {
      await hub.close();
    }
  });
});
