import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DepartmentModule } from '../contract/department-module.js';
import { monitoringRules } from '../monitoring/rules/index.js';
import { runMonitoring, type MonitoringRunResult } from '../monitoring/run-monitoring.js';
import { REFERENCE_DATE } from './dates.js';

/** `triggeredBy` of the run made right after the demo county is generated. */
export const DEMO_RUN_TRIGGER = 'demo-seed';

/**
 * Runs every warning rule once over the freshly generated demo county, so its 预警 tab and
 * `warnings` are not empty until someone thinks of `npm run monitor`. The run judges the demo's
 * own "today" (REFERENCE_DATE): the generated records stop there, so judged as of a later day
 * every follow-up due since would look overdue.
 */
export async function monitorDemoCounty(orm: MikroORM, departments: readonly DepartmentModule[], logger: Logger): Promise<MonitoringRunResult> {
  const run = await runMonitoring(orm.em.fork(), monitoringRules(departments), { asOf: REFERENCE_DATE, triggeredBy: DEMO_RUN_TRIGGER });
  const created = run.rules.reduce((sum, r) => sum + r.created, 0);
  logger.info({ run: run.id, asOf: run.asOf, year: run.year, warnings: created, totalMs: run.totalMs }, 'monitored the demo county once (npm run monitor runs it again)');
  return run;
}
