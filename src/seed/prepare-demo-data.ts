import pg from 'pg';
import type { Logger } from 'pino';
import { loadRegions } from '../identity/regions.js';
import { seedDemoData } from './seed-demo-data.js';

/**
 * What `npm start` and `npm run start:federated` load on start: the demo province's divisions
 * always, the demo county (DEMO_COUNTY, DEMO_PERSONS) only into an empty database and unless
 * SEED_DEMO=false.
 * @returns whether the demo county was generated now (the caller then monitors it once).
 */
export async function prepareDemoData(url: string, logger: Logger): Promise<boolean> {
  const county = process.env.DEMO_COUNTY ?? '410823';
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const regions = await loadRegions(client, county.slice(0, 2));
    if (regions > 0) logger.info({ regions, province: county.slice(0, 2) }, 'loaded administrative divisions');
    if (process.env.SEED_DEMO === 'false') return false;
    const { rows } = await client.query<{ n: string }>('select count(*) as n from core.person');
    if (Number(rows[0]!.n) > 0) return false;
    const persons = Number(process.env.DEMO_PERSONS ?? 20000);
    logger.info({ persons, county }, 'database is empty: generating the demo county');
    const summary = await seedDemoData(client, { persons, county, seed: 1, log: (msg: string) => logger.info(msg) });
    logger.info({ elapsedMs: Math.round(summary.elapsedMs), rows: summary.totalRows }, 'demo data loaded');
    return true;
  } finally {
    await client.end();
  }
}
