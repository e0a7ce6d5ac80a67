import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { takeOverShutdownSignals } from '../db/signal-handling.js';
import { departments } from '../departments/registry.js';
import { prepareDemoData } from '../seed/prepare-demo-data.js';
import { createLogger } from './logger.js';
import { createHub, redact, type Hub } from './hub.js';
import { startMonitoringSchedule } from '../monitoring/schedule.js';
import { bootstrapKeyBanner, issueBootstrapKey, sampleHouseholdId, wantsBootstrapKey } from './bootstrap-key.js';

/**
 * `npm start`: database (embedded unless DATABASE_URL), migrations, demo data when empty, then
 * GraphQL on PORT. Ctrl-C closes the server and stops the embedded PostgreSQL.
 */
const logger = createLogger();
const port = Number(process.env.PORT ?? 4000);
// Loopback unless told otherwise: the demo holds personal data; deployments set HOST (README).
const host = process.env.HOST ?? '127.0.0.1';

let db: DatabaseHandle | undefined;
let hub: Hub | undefined;
let stopping: Promise<never> | undefined;

/**
 * Closes HTTP, then the database, then exits. A second signal during the shutdown waits for the
 * first one's instead of exiting at once (under `node --import tsx` one SIGTERM arrives twice),
 * which left the embedded PostgreSQL running and its connection file behind.
 */
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    await hub?.close().catch((err) => logger.error({ err }, 'error while closing the server'));
    await db?.stop().catch((err) => logger.error({ err }, 'error while stopping PostgreSQL'));
    process.exit(code);
  })();
  return stopping;
}

async function main(): Promise<void> {
  const started = Date.now();
  // `on`, not `once`: tsx exits at once on a signal that finds no listener left, cutting the shutdown short.
  takeOverShutdownSignals();
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  db = await openDatabase((line) => logger.debug({ postgres: line }), { publish: true });
  logger.info({ database: redact(db.url), embedded: db.embedded }, 'database ready');
  hub = await createHub({ url: db.url, departments, logger });
  await prepareDemoData(db.url, logger);
  try {
    await hub.app.listen({ port, host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'EADDRINUSE' ? `Port ${port} is already in use; set PORT to another port` : (err as Error).message);
  }
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  // The key first, so that whoever waits for the "serving" line finds it printed already.
  const key = wantsBootstrapKey(db.embedded) ? await issueBootstrapKey(hub.orm.em) : null;
  if (key) process.stdout.write(bootstrapKeyBanner(key, baseUrl, await sampleHouseholdId(hub.orm.em)));
  logger.info({ url: `${baseUrl}/graphql`, host, port, startupMs: Date.now() - started }, 'CareGraph is serving GraphQL');
  if (process.env.MONITORING_INTERVAL_MINUTES) {
    startMonitoringSchedule(hub.orm, departments, Number(process.env.MONITORING_INTERVAL_MINUTES), logger);
    logger.info({ everyMinutes: Number(process.env.MONITORING_INTERVAL_MINUTES) }, 'monitoring schedule started');
  }
}

main().catch(async (err) => {
  logger.fatal(err instanceof Error ? err.message : String(err));
  await shutdown(1);
});
