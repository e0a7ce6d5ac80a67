import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SqlBuilder } from '../contract/sql-builder.js';
import { isoDate } from './row-values.js';
import type { DepartmentModule } from '../contract/department-module.js';
import type { AssistanceEventSource } from '../contract/chain-event.js';

/** One event of a household's assistance chain (the `AssistanceEvent` parent). */
export interface AssistanceEventRow {
  date: string;
  kind: string;
  department: string;
  /** GraphQL type of the source record: decides who may see the event. */
  sourceType: string;
  recordId: string;
  personId: string | null;
  householdId: string;
  summary: string;
}

type Branch = AssistanceEventSource;

/** The hub's own events (warnings raised); departments list theirs as `DepartmentModule.chainEvents`. */
const BRANCHES: Branch[] = [
  { kind: 'WARNING_RAISED', department: 'monitoring', sourceType: 'Warning', table: 'monitoring.warning', date: '(r.detected_at at time zone \'UTC\')::date', summary: "r.rule_code || ' ' || r.status", householdOwned: true },
];

function branchSql(b: Branch): string {
  const owner = b.householdOwned
    ? `null::bigint as person_id, r.household_id from ${b.table} r join households hh on hh.id = r.household_id`
    : `m.id as person_id, m.household_id from ${b.table} r join members m on m.id = r.person_id`;
  return `select (${b.date}) as date, '${b.kind}' as kind, '${b.department}' as department, '${b.sourceType}' as source_type, r.id as record_id,
                 (${b.summary}) as summary, ${owner}${b.where ? ` where ${b.where}` : ''}`;
}

const unions = new WeakMap<readonly DepartmentModule[], string>();

/** The hub's branches plus every department's, as one UNION ALL (built once per department list). */
function unionOf(departments: readonly DepartmentModule[]): string {
  let union = unions.get(departments);
  if (union === undefined) {
    union = [...BRANCHES, ...departments.flatMap((d) => d.chainEvents ?? [])].map(branchSql).join('\nunion all\n');
    unions.set(departments, union);
  }
  return union;
}

/**
 * Chains of many households in one statement: a UNION ALL over every department's tables for
 * the households' members, bounded by `from`/`to`, oldest first (ties by department, kind, id).
 */
export async function loadAssistanceChains(
  em: EntityManager,
  departments: readonly DepartmentModule[],
  householdIds: readonly string[],
  from: string | null,
  to: string | null,
): Promise<AssistanceEventRow[][]> {
  const sql = new SqlBuilder();
  const ids = sql.array(householdIds, 'bigint');
  const bounds = [from == null ? null : `e.date >= ${sql.param(from)}::date`, to == null ? null : `e.date <= ${sql.param(to)}::date`].filter(Boolean);
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `with households as (select unnest(${ids}) as id),
          members as (select p.id, p.household_id from core.person p where p.household_id in (select id from households))
     select e.* from (${unionOf(departments)}) e
      where e.date is not null${bounds.map((b) => ` and ${b}`).join('')}
      order by e.household_id, e.date, e.department, e.kind, e.record_id`,
    sql.params,
  );
  const byHousehold = new Map<string, AssistanceEventRow[]>(householdIds.map((id) => [id, []]));
  for (const r of rows) {
    byHousehold.get(String(r.household_id))?.push({
      date: isoDate(r.date),
      kind: String(r.kind),
      department: String(r.department),
      sourceType: String(r.source_type),
      recordId: String(r.record_id),
      personId: r.person_id == null ? null : String(r.person_id),
      householdId: String(r.household_id),
      summary: String(r.summary ?? ''),
    });
  }
  return householdIds.map((id) => byHousehold.get(id)!);
}

const loaders = new WeakMap<object, DataLoader<string, AssistanceEventRow[]>>();

/**
 * The per-request chain loader (kept beside the request context, not in it): keys are
 * `householdId|from|to`; households asked for with the same bounds share one statement.
 */
export function assistanceChainLoader(ctx: { em: EntityManager; departments: readonly DepartmentModule[] }): DataLoader<string, AssistanceEventRow[]> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (keys) => {
      const groups = new Map<string, string[]>();
      for (const key of keys) {
        const [id, bounds] = [key.slice(0, key.indexOf('|')), key.slice(key.indexOf('|') + 1)];
        groups.set(bounds, [...(groups.get(bounds) ?? []), id]);
      }
      const answers = new Map<string, AssistanceEventRow[]>();
      for (const [bounds, ids] of groups) {
        const [from, to] = bounds.split('|').map((b) => b || null);
        const chains = await loadAssistanceChains(ctx.em, ctx.departments, ids, from ?? null, to ?? null);
        ids.forEach((id, i) => answers.set(`${id}|${bounds}`, chains[i]!));
      }
      return keys.map((k) => answers.get(k) ?? []);
    });
    loaders.set(ctx, loader);
  }
  return loader;
}
