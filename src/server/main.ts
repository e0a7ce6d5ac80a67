import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { takeOverShutdownSignals } from '../db/signal-handling.js';
import { departments } from '../departments/registry.js';
import { seedDemoData } from '../seed/seed-demo-data.js';
import { loadRegions } from '../identity/regions.js';
import { createLogger } from './logger.js';
import { createHub, redact, type Hub } from './hub.js';
import { startMonitoringSchedule } from '../monitoring/schedule.js';

/**
 * `npm start`: database (embedded unless DATABASE_URL), migrations, demo data when empty, then
 * GraphQL on PORT. Ctrl-C closes the server and stops the embedded PostgreSQL.
 */
const logger = createLogger();
const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '0.0.0.0';

let db: DatabaseHandle | undefined;
let hub: Hub | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await hub?.close().catch((err) => logger.error({ err }, 'error while closing the server'));
    await db?.stop().catch((err) => logger.error({ err }, 'error while stopping PostgreSQL'));
  }
  process.exit(code);
}

/** Regions of the demo province always; the demo county only into an empty database. */
async function prepareData(url: string): Promise<void> {
  const county = process.env.DEMO_COUNTY ?? '410823';
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const regions = await loadRegions(client, county.slice(0, 2));
    if (regions > 0) logger.info({ regions, province: county.slice(0, 2) }, 'loaded administrative divisions');
    if (process.env.SEED_DEMO === 'false') return;
    const { rows } = await client.query<{ n: string }>('select count(*) as n from core.person');
    if (Number(rows[0]!.n) > 0) return;
    const persons = Number(process.env.DEMO_PERSONS ?? 20000);
    logger.info({ persons, county }, 'database is empty: generating the demo county');
    const summary = await seedDemoData(client, { persons, county, seed: 1, log: (msg: string) => logger.info(msg) });
    logger.info({ elapsedMs: Math.round(summary.elapsedMs), rows: summary.totalRows }, 'demo data loaded');
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  // `on`, not `once`: tsx exits at once on a signal that finds no listener left, cutting the shutdown short.
  takeOverShutdownSignals();
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  db = await openDatabase((line) => logger.debug({ postgres: line }));
  logger.info({ database: redact(db.url), embedded: db.embedded }, 'database ready');
  hub = await createHub({ url: db.url, departments, logger });
  await prepareData(db.url);
  try {
    await hub.app.listen({ port, host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'EADDRINUSE' ? `Port ${port} is already in use; set PORT to another port` : (err as Error).message);
  }
  logger.info({ url: `http://localhost:${port}/graphql`, startupMs: Date.now() - started }, 'CareGraph is serving GraphQL');
  if (process.env.MONITORING_INTERVAL_MINUTES) {
    startMonitoringSchedule(hub.orm, departments, Number(process.env.MONITORING_INTERVAL_MINUTES), logger);
    logger.info({ everyMinutes: Number(process.env.MONITORING_INTERVAL_MINUTES) }, 'monitoring schedule started');
  }
}

main().catch(async (err) => {
  logger.fatal(err instanceof Error ? err.message : String(err));
  await shutdown(1);
});
