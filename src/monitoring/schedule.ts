import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DepartmentModule } from '../contract/department-module.js';
import { monitoringRules } from './rules/index.js';
import { runMonitoring } from './run-monitoring.js';

/**
 * Optional in-process schedule (`MONITORING_INTERVAL_MINUTES`): runs every rule every N minutes,
 * never two at once. With several replicas, enable it on one only (or use `npm run monitor` from
 * cron); a run is one transaction, so an overlapping run from elsewhere only waits on row locks.
 * @returns a function that stops the schedule.
 */
export function startMonitoringSchedule(orm: MikroORM, departments: readonly DepartmentModule[], minutes: number, logger: Logger): () => void {
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`MONITORING_INTERVAL_MINUTES must be a positive number, got ${minutes}`);
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const run = await runMonitoring(orm.em.fork(), monitoringRules(departments), { triggeredBy: 'schedule' });
      logger.info({ run: run.id, totalMs: run.totalMs, rules: run.rules }, 'monitoring run finished');
    } catch (err) {
      logger.error({ err }, 'monitoring run failed');
    } finally {
      running = false;
    }
  }, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
