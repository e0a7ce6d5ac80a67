/**
 * The hub of `npm run bench:soak`, its own process: bench/servers/caregraph.ts's hub and callers
 * (a partner holding the five department roles, the leading-group office) plus an admin for
 * imports and monitoring runs, logging warnings and errors as JSON lines to SOAK_HUB_LOG, so the
 * soak can list every unexpected error the hub logged. Prints `READY <url> <keys JSON>`.
 */
import pino from 'pino';
import { createCaller } from '../src/auth/api-keys.js';
import { departments } from '../src/departments/registry.js';
import { createHub } from '../src/server/hub.js';

const url = process.env.DATABASE_URL;
const logFile = process.env.SOAK_HUB_LOG;
if (!url || !logFile) throw new Error('DATABASE_URL and SOAK_HUB_LOG are required');
const logger = pino({ level: 'warn' }, pino.destination({ dest: logFile, sync: false }));
const hub = await createHub({ url, departments, logger, jwt: null, poolMax: Number(process.env.POOL_MAX ?? 10) });
const em = hub.orm.em.fork();
const partner = await createCaller(em, { name: 'soak-partner', roles: departments.map((d) => d.code) });
const office = await createCaller(em, { name: 'soak-office', roles: ['leading-group-office'] });
const admin = await createCaller(em, { name: 'soak-admin', roles: ['admin'] });
const address = await hub.app.listen({ port: 0, host: '127.0.0.1' });
console.log(`READY ${address}/graphql ${JSON.stringify({ partner: partner.key, office: office.key, admin: admin.key })}`);
const stop = async () => {
  await hub.close().catch(() => {});
  logger.flush();
  process.exit(0);
};
// Diagnostics: the soak sends SIGUSR2 when /healthz is slow; the pool's state goes to the log.
process.on('SIGUSR2', () => {
  const pool = (hub.orm.em.getConnection().getKnex().client as { pool: Record<string, () => number> }).pool;
  const state = Object.fromEntries(['numUsed', 'numFree', 'numPendingAcquires', 'numPendingCreates', 'numPendingValidations'].map((k) => [k, pool[k]?.call(pool)]));
  logger.warn({ pool: state }, 'pool state (slow /healthz)');
});
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
