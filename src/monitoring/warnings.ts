import type { CareGraphContext } from '../contract/request-context.js';
import { SqlBuilder } from '../contract/sql-builder.js';
import { compilePersonFilter, type PersonFilterInput } from '../core/filter/person-filter.compiler.js';
import { readPage, toConnection, type ConnectionValue, type PageArgs } from '../core/connection.js';
import { anyOf } from '../core/filter/predicates.js';
import { rowScopeOf } from '../auth/row-scope.js';
import { badUserInput, notFound } from '../core/errors.js';
import { toWarningRow, type WarningRow } from './warning-row.js';
import { cellKeySql, recordKeySql } from '../disclosure/record-key.js';

export interface WarningListArgs extends PageArgs {
  filter?: PersonFilterInput | null;
  rules?: readonly string[] | null;
  status?: readonly string[] | null;
}

const FROM = 'monitoring.warning w join core.household h on h.id = w.household_id';

/** The condition every warning read shares: the caller's row scope on the household `h`. */
const inCallerRegion = (ctx: CareGraphContext, sql: SqlBuilder) => rowScopeOf(ctx.caller).where('h.region_code', sql);

/**
 * Warnings in the caller's region, by id: `filter` keeps those whose household has a member
 * matching it (the same PersonFilter compiler and guards as `households`).
 */
export async function listWarnings(ctx: CareGraphContext, args: WarningListArgs): Promise<ConnectionValue<WarningRow>> {
  const page = readPage('warning', args);
  const sql = new SqlBuilder();
  const parts = [inCallerRegion(ctx, sql)];
  if (args.filter != null) {
    const member = compilePersonFilter(args.filter, { departments: ctx.departments, person: 'p', household: 'h' }, sql);
    parts.push(`exists (select 1 from core.person p where p.household_id = h.id and ${member})`);
  }
  const byRule = anyOf(sql, 'w.rule_code', args.rules as string[] | null | undefined);
  if (byRule) parts.push(byRule);
  const byStatus = anyOf(sql, 'w.status', args.status as string[] | null | undefined);
  if (byStatus) parts.push(byStatus);
  const where = parts.join(' and ');
  const filterParams = [...sql.params];
  const after = page.afterId == null ? '' : ` and w.id > ${sql.param(page.afterId)}`;
  const rows = await ctx.em.execute<Array<Record<string, unknown>>>(
    `select w.* from ${FROM} where ${where}${after} order by w.id limit ${sql.param(page.limit + 1)}`,
    sql.params,
  );
  const aggregate = async <T>(select: string) => (await ctx.em.execute<Array<{ v: T }>>(`select ${select} as v from ${FROM} where ${where}`, filterParams))[0]!.v;
  return toConnection(
    'warning',
    rows.map(toWarningRow),
    page.limit,
    async () => Number(await aggregate<string>('count(*)')),
    // The cell key of the warnings counted, for callers without exact counts (disclosure control).
    () => aggregate<string>(`${cellKeySql(recordKeySql('w.id'))}::text`),
  );
}

/** One warning in the caller's region; NOT_FOUND otherwise. */
export async function findWarning(ctx: CareGraphContext, id: string): Promise<WarningRow> {
  if (!/^\d{1,18}$/.test(id)) throw notFound('Warning');
  const sql = new SqlBuilder();
  const region = inCallerRegion(ctx, sql);
  const rows = await ctx.em.execute<Array<Record<string, unknown>>>(`select w.* from ${FROM} where ${region} and w.id = ${sql.param(id)}`, sql.params);
  if (!rows[0]) throw notFound('Warning');
  return toWarningRow(rows[0]);
}

/**
 * Case handling (处置). Dismissing needs a reason. A warning whose condition has cleared can be
 * resolved or dismissed but not reopened: the next run opens a new one if the condition returns.
 */
export async function changeWarningStatus(ctx: CareGraphContext, id: string, status: WarningRow['status'], reason: string | null | undefined): Promise<WarningRow> {
  const current = await findWarning(ctx, id);
  const why = reason?.trim() || null;
  if (status === 'DISMISSED' && !why) throw badUserInput('reason', 'dismissing a warning needs a reason (排除原因)');
  if (why && why.length > 1000) throw badUserInput('reason', `at most 1000 characters, got ${why.length}`);
  if (!current.live && (status === 'OPEN' || status === 'ACKNOWLEDGED')) {
    throw badUserInput('status', `the condition of warning ${id} has cleared; it can only be RESOLVED or DISMISSED`);
  }
  const rows = await ctx.em.execute<Array<Record<string, unknown>>>(
    `update monitoring.warning set status = ?, status_reason = ?, status_changed_by = ?, status_changed_at = now() where id = ? returning *`,
    [status, why, ctx.caller.id, id],
  );
  return toWarningRow(rows[0]!);
}
