import type { DatabaseHandle } from '../db/database.js';
import { departments } from '../departments/registry.js';
import { prepareDemoData } from '../seed/prepare-demo-data.js';
import { monitorDemoCounty } from '../seed/demo-monitoring.js';
import { createLogger } from './logger.js';
import { createHub, type Hub } from './hub.js';
import { startMonitoringSchedule } from '../monitoring/schedule.js';
import { baseUrlOf, onceShutdown, startWithDatabase } from './shutdown.js';
import { bootstrapKeyBanner, issueBootstrapKey, sampleHouseholdId, wantsBootstrapKey } from './bootstrap-key.js';
import { announceAuditKey } from '../audit-chain/announce-key.js';
import { keyForStartingHub } from '../audit-chain/deployment-key.js';
import { announceFieldKeys, fieldKeysForEmbedded } from '../crypto/embedded-field-keys.js';

/**
 * `npm start`: database (embedded unless DATABASE_URL), migrations, demo data when empty (and
 * one monitoring run over it), then GraphQL on PORT. Ctrl-C closes the server and stops the embedded PostgreSQL.
 */
const logger = createLogger();
const port = Number(process.env.PORT ?? 4000);
// Loopback unless told otherwise: the demo holds personal data; deployments set HOST (README).
const host = process.env.HOST ?? '127.0.0.1';

let db: DatabaseHandle | undefined;
let hub: Hub | undefined;
const shutdown = onceShutdown(logger, [
  { what: 'closing the server', run: () => hub?.close() },
  { what: 'stopping PostgreSQL', run: () => db?.stop() },
]);

async function main(): Promise<void> {
  const started = Date.now();
  db = await startWithDatabase(logger, shutdown);
  announceAuditKey(logger, keyForStartingHub(db.embedded));
  announceFieldKeys(logger, fieldKeysForEmbedded(db.embedded));
  hub = await createHub({ url: db.url, departments, logger });
  // A fresh demo county shows its warnings at once (before "serving", so the first look finds them).
  if (await prepareDemoData(db.url, logger)) await monitorDemoCounty(hub.orm, departments, logger);
  try {
    await hub.app.listen({ port, host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'EADDRINUSE' ? `Port ${port} is already in use; set PORT to another port` : (err as Error).message);
  }
  const baseUrl = baseUrlOf(host, port);
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
