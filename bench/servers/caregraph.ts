/**
 * CareGraph as one process of `npm run bench`: the real hub (permissions on) on DATABASE_URL.
 * Registers two callers for this run — a partner holding the five department roles (every scope
 * Q1 and Q2 ask for, unmasked) and the leading-group office (Q3's report) — and prints
 * `READY <url> <keys JSON>` once listening.
 */
import pino from 'pino';
import { createCaller } from '../../src/auth/api-keys.js';
import { departments } from '../../src/departments/registry.js';
import { createHub } from '../../src/server/hub.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const hub = await createHub({ url, departments, logger: pino({ level: 'warn' }), jwt: null, poolMax: Number(process.env.POOL_MAX ?? 10) });
const run = Date.now();
const partner = await createCaller(hub.orm.em.fork(), { name: `bench-partner-${run}`, roles: departments.map((d) => d.code) });
const office = await createCaller(hub.orm.em.fork(), { name: `bench-office-${run}`, roles: ['leading-group-office'] });
// The office's report counts are under disclosure control; the equivalence gate compares Q3 with
// the ceiling's exact counts through a caller who also holds reports:exact (a department role).
const exact = await createCaller(hub.orm.em.fork(), { name: `bench-office-exact-${run}`, roles: ['leading-group-office', 'civil-affairs'] });
const address = await hub.app.listen({ port: 0, host: '127.0.0.1' });
console.log(`READY ${address}/graphql ${JSON.stringify({ partner: partner.key, office: office.key, exact: exact.key })}`);
const stop = async () => {
  await hub.close().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
