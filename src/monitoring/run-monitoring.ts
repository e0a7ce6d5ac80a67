import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueryResult } from '@mikro-orm/core';
import { SqlBuilder } from '../contract/sql-builder.js';
import type { MonitoringRule } from '../contract/monitoring-rule.js';
import { loadOverrides, parameterSql } from './parameters.js';
import { SKIPPED_FOR_CONSENT } from './rules/consent-missing.js';
import { date, numeric } from './sql-literals.js';

const HITS = 'pg_temp.monitoring_hits';

/** What one rule did in one run. */
export interface RuleRunStats {
  rule: string;
  /** Findings the rule's query produced (before dropping households without consent). */
  produced: number;
  /** Findings dropped because the household has not consented (listed under CONSENT_MISSING). */
  skippedForConsent: number;
  /** New warnings. */
  created: number;
  /** Live warnings whose evidence changed (or a manually resolved one that came back). */
  updated: number;
  /** Live warnings whose condition cleared: resolved automatically (or retired when dismissed). */
  resolved: number;
  ms: number;
}

export interface MonitoringRunResult {
  id: string;
  year: number;
  asOf: string;
  triggeredBy: string;
  startedAt: string;
  finishedAt: string;
  totalMs: number;
  rules: RuleRunStats[];
}

export interface RunOptions {
  /** Year whose finance and medical spending are judged; default the year before `asOf`. */
  year?: number;
  /** Day the run judges, `YYYY-MM-DD`; default today (UTC). */
  asOf?: string;
  /** Caller id or `cli` / `schedule`. */
  triggeredBy: string;
  /** Progress: called before each rule (`stats` undefined) and after it. */
  onRule?: (rule: MonitoringRule, index: number, total: number, stats?: RuleRunStats) => void;
}

const count = (rows: unknown) => Number((rows as QueryResult).affectedRows ?? 0);

/**
 * Runs every rule as set-based SQL in one transaction: per rule one INSERT … SELECT into a temp
 * table, one upsert into `monitoring.warning` keyed by (rule, dedupe key) among live warnings, and
 * one UPDATE retiring live warnings whose key the rule no longer produces. Re-running with
 * unchanged data changes nothing; a cleared condition resolves its warning.
 */
export async function runMonitoring(em: EntityManager, rules: readonly MonitoringRule[], opts: RunOptions): Promise<MonitoringRunResult> {
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  const year = opts.year ?? Number(asOf.slice(0, 4)) - 1;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  return em.transactional(async (tx) => {
    await tx.execute(`create temp table monitoring_hits (household_id bigint, person_ids bigint[], evidence jsonb, dedupe_key text) on commit drop`, [], 'run');
    await tx.execute(`create temp table monitoring_skipped (household_id bigint, rule_code text, requires jsonb) on commit drop`, [], 'run');
    const [run] = await tx.execute<Array<{ id: string }>>(
      `insert into monitoring.monitoring_run (year, as_of, triggered_by) values (?, ?, ?) returning id`,
      [year, asOf, opts.triggeredBy],
    );
    const runId = String(run!.id);
    const overrides = await loadOverrides(tx, year);
    const stats: RuleRunStats[] = [];
    for (const [index, rule] of rules.entries()) {
      opts.onRule?.(rule, index, rules.length);
      const t0 = performance.now();
      const sql = new SqlBuilder();
      const text = rule.select({ sql, param: (name) => parameterSql(rule, overrides, name), year: numeric(year), asOf: date(asOf) });
      await tx.execute(`truncate ${HITS}`, [], 'run');
      const produced = count(
        await tx.execute(
          `insert into ${HITS} (household_id, person_ids, evidence, dedupe_key) select household_id, person_ids, evidence, dedupe_key from (${text}) r`,
          sql.params,
          'run',
        ),
      );
      const skippedForConsent = rule.requiresConsent ? await dropWithoutConsent(tx, rule) : 0;
      await tx.execute(`analyze ${HITS}`, [], 'run');
      const [upsert] = await tx.execute<Array<{ created: string; total: string }>>(upsertSql, [rule.code, runId]);
      const resolved = count(await tx.execute(retireSql, [`condition cleared (run ${runId})`, rule.code], 'run'));
      const created = Number(upsert!.created);
      const ruleStats = { rule: rule.code, produced, skippedForConsent, created, updated: Number(upsert!.total) - created, resolved, ms: Math.round(performance.now() - t0) };
      stats.push(ruleStats);
      opts.onRule?.(rule, index, rules.length, ruleStats);
    }
    const totalMs = Math.round(performance.now() - started);
    const [done] = await tx.execute<Array<{ finished_at: string }>>(
      `update monitoring.monitoring_run set finished_at = now(), total_ms = ?, rules = ?::jsonb where id = ? returning finished_at`,
      [totalMs, JSON.stringify(stats), runId],
    );
    return { id: runId, year, asOf, triggeredBy: opts.triggeredBy, startedAt, finishedAt: new Date(done!.finished_at).toISOString(), totalMs, rules: stats };
  });
}

/** Moves findings about households without consent out of the hits, into the CONSENT_MISSING list. */
async function dropWithoutConsent(tx: EntityManager, rule: MonitoringRule): Promise<number> {
  const [row] = await tx.execute<Array<{ n: string }>>(
    `with dropped as (
       delete from ${HITS} x using core.household h where h.id = x.household_id and h.consent_date is null returning x.household_id
     ), listed as (
       insert into ${SKIPPED_FOR_CONSENT} (household_id, rule_code, requires)
       select distinct household_id, ?, ?::jsonb from dropped
     )
     select count(*) as n from dropped`,
    [rule.code, JSON.stringify([rule.evidenceScopes])],
  );
  return Number(row!.n);
}

/** New findings become OPEN warnings; a live one only changes when its evidence did, or when it was resolved by hand while the condition persists. */
const upsertSql = `
  with upserted as (
    insert into monitoring.warning as w (rule_code, dedupe_key, household_id, person_ids, evidence, first_run_id)
    select distinct on (dedupe_key) ?, dedupe_key, household_id, person_ids, evidence, ?::bigint from ${HITS} order by dedupe_key
    on conflict (rule_code, dedupe_key) where live do update
       set evidence = excluded.evidence, person_ids = excluded.person_ids, household_id = excluded.household_id, evidence_updated_at = now(),
           status = case when w.status = 'RESOLVED' then 'OPEN' else w.status end,
           status_changed_at = case when w.status = 'RESOLVED' then now() else w.status_changed_at end,
           status_changed_by = case when w.status = 'RESOLVED' then 'monitoring' else w.status_changed_by end,
           status_reason = case when w.status = 'RESOLVED' then 'reopened: condition still present' else w.status_reason end
     where w.evidence is distinct from excluded.evidence or w.person_ids is distinct from excluded.person_ids
        or w.household_id <> excluded.household_id or w.status = 'RESOLVED'
    returning (xmax = 0) as created
  )
  select count(*) filter (where created) as created, count(*) as total from upserted`;

/** Live warnings the rule no longer produces: open or acknowledged ones resolve; dismissed ones stay dismissed. */
const retireSql = `
  update monitoring.warning w
     set live = false,
         status = case when w.status in ('OPEN', 'ACKNOWLEDGED') then 'RESOLVED' else w.status end,
         status_changed_at = case when w.status in ('OPEN', 'ACKNOWLEDGED') then now() else w.status_changed_at end,
         status_changed_by = case when w.status in ('OPEN', 'ACKNOWLEDGED') then 'monitoring' else w.status_changed_by end,
         status_reason = case when w.status in ('OPEN', 'ACKNOWLEDGED') then ? else w.status_reason end
   where w.rule_code = ? and w.live
     and not exists (select 1 from ${HITS} x where x.dedupe_key = w.dedupe_key)`;
