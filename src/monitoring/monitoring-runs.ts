import type { EntityManager } from '@mikro-orm/postgresql';
import type { MonitoringRunResult, RuleRunStats } from './run-monitoring.js';
import { isoDate, isoDateTime } from './row-values.js';

/** A run as stored: a run still in progress (or failed) has no finish yet. */
export type MonitoringRunView = Omit<MonitoringRunResult, 'finishedAt' | 'totalMs'> & { finishedAt: string | null; totalMs: number | null };

/** The latest runs, newest first. */
export async function recentRuns(em: EntityManager, first: number): Promise<MonitoringRunView[]> {
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `select * from monitoring.monitoring_run order by id desc limit ?`,
    [Math.max(0, Math.min(first, 100))],
  );
  return rows.map((r) => ({
    id: String(r.id),
    year: Number(r.year),
    asOf: isoDate(r.as_of),
    triggeredBy: String(r.triggered_by),
    startedAt: isoDateTime(r.started_at)!,
    finishedAt: isoDateTime(r.finished_at),
    totalMs: r.total_ms == null ? null : Number(r.total_ms),
    rules: r.rules as RuleRunStats[],
  }));
}
