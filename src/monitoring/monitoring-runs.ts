import type { EntityManager } from '@mikro-orm/postgresql';
import type { MonitoringRunResult, RuleRunStats } from './run-monitoring.js';
import { isoDate, isoDateTime } from './row-values.js';
import { recordKeySql } from '../disclosure/record-key.js';

/** A rule's figures in a run, with the run's record key: its counts are under disclosure control. */
export type RuleRunView = RuleRunStats & { runKey: string };

/** A run as stored: a run still in progress (or failed) has no finish yet. */
export type MonitoringRunView = Omit<MonitoringRunResult, 'finishedAt' | 'totalMs' | 'rules'> & { finishedAt: string | null; totalMs: number | null; rules: RuleRunView[] };

/** The latest runs, newest first. */
export function recentRuns(em: EntityManager, first: number): Promise<MonitoringRunView[]> {
  return runs(em, 'true', [Math.max(0, Math.min(first, 100))]);
}

/** One run as stored, by id (e.g. the one `runMonitoring` just finished). */
export async function runById(em: EntityManager, id: string): Promise<MonitoringRunView> {
  const [run] = await runs(em, 'r.id = ?', [id, 1]);
  if (!run) throw new Error(`monitoring run ${id} is not stored`);
  return run;
}

async function runs(em: EntityManager, where: string, params: unknown[]): Promise<MonitoringRunView[]> {
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `select r.*, ${recordKeySql('r.id')}::text as run_key from monitoring.monitoring_run r where ${where} order by r.id desc limit ?`,
    params,
  );
  return rows.map((r) => ({
    id: String(r.id),
    year: Number(r.year),
    asOf: isoDate(r.as_of),
    triggeredBy: String(r.triggered_by),
    startedAt: isoDateTime(r.started_at)!,
    finishedAt: isoDateTime(r.finished_at),
    totalMs: r.total_ms == null ? null : Number(r.total_ms),
    rules: (r.rules as RuleRunStats[]).map((rule) => ({ ...rule, runKey: String(r.run_key) })),
  }));
}
