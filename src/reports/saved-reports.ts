import type { GraphQLSchema } from 'graphql';
import type { CareGraphContext } from '../contract/request-context.js';
import { assertInputAllowed } from '../auth/input-access.js';
import { roleDefinition } from '../auth/grants.js';
import { badUserInput, notFound } from '../core/errors.js';
import { SqlBuilder } from '../contract/sql-builder.js';
import type { ReportDefinition } from './run-report.js';

export interface SavedReportRow {
  id: string;
  name: string;
  description: string | null;
  ownerId: string;
  sharedWithRoles: string[];
  definition: ReportDefinition;
  createdAt: Date;
  updatedAt: Date;
}

export interface SavedReportInput {
  name: string;
  description?: string | null;
  sharedWithRoles: string[];
  definition: ReportDefinition;
}

const COLUMNS = `id::text as id, name, description, owner_id as "ownerId", shared_with_roles as "sharedWithRoles", definition,
  created_at as "createdAt", updated_at as "updatedAt"`;

/** Rows the caller may see: its own, and those shared with one of its roles. Row scope lives in SQL. */
function visible(ctx: CareGraphContext, sql: SqlBuilder): string {
  return `(owner_id = ${sql.param(ctx.caller.id)} or shared_with_roles && ${sql.array(ctx.caller.roles, 'text')})`;
}

function checkInput(input: SavedReportInput): void {
  if (!input.name.trim()) throw badUserInput('input.name', 'must not be empty');
  input.sharedWithRoles.forEach((role, i) => {
    try {
      roleDefinition(role);
    } catch (err) {
      throw badUserInput(`input.sharedWithRoles[${i}]`, (err as Error).message);
    }
  });
}

/** A saved report's id is a bigint: anything else names no report (and must not reach SQL as a cast error). */
const SAVED_REPORT_ID = /^\d{1,18}$/;

async function execute(ctx: CareGraphContext, text: string, params: unknown[]): Promise<SavedReportRow[]> {
  return ctx.em.getConnection().execute<SavedReportRow[]>(text, params);
}

export async function listSavedReports(ctx: CareGraphContext): Promise<SavedReportRow[]> {
  const sql = new SqlBuilder();
  return execute(ctx, `select ${COLUMNS} from core.saved_report where ${visible(ctx, sql)} order by id`, sql.params);
}

export async function createSavedReport(ctx: CareGraphContext, input: SavedReportInput): Promise<SavedReportRow> {
  checkInput(input);
  const sql = new SqlBuilder();
  const text = `insert into core.saved_report (name, description, owner_id, shared_with_roles, definition)
    values (${sql.param(input.name.trim())}, ${sql.param(input.description ?? null)}, ${sql.param(ctx.caller.id)},
    ${sql.array(input.sharedWithRoles, 'text')}, ${sql.param(JSON.stringify(input.definition))}::jsonb) returning ${COLUMNS}`;
  return (await execute(ctx, text, sql.params))[0]!;
}

/** Only the owner may change or delete: other callers get NOT_FOUND, as if it did not exist. */
export async function updateSavedReport(ctx: CareGraphContext, id: string, input: SavedReportInput): Promise<SavedReportRow> {
  checkInput(input);
  if (!SAVED_REPORT_ID.test(id)) throw notFound('Saved report');
  const sql = new SqlBuilder();
  const text = `update core.saved_report set name = ${sql.param(input.name.trim())}, description = ${sql.param(input.description ?? null)},
    shared_with_roles = ${sql.array(input.sharedWithRoles, 'text')}, definition = ${sql.param(JSON.stringify(input.definition))}::jsonb, updated_at = now()
    where id = ${sql.param(id)} and owner_id = ${sql.param(ctx.caller.id)} returning ${COLUMNS}`;
  const [row] = await execute(ctx, text, sql.params);
  if (!row) throw notFound('Saved report');
  return row;
}

export async function deleteSavedReport(ctx: CareGraphContext, id: string): Promise<boolean> {
  if (!SAVED_REPORT_ID.test(id)) return false;
  const sql = new SqlBuilder();
  const rows = await execute(ctx, `delete from core.saved_report where id = ${sql.param(id)} and owner_id = ${sql.param(ctx.caller.id)} returning id::text as id`, sql.params);
  return rows.length > 0;
}

/**
 * The definition to run: the saved one with run-time parameters bound, checked against the
 * runner's permissions (not the owner's).
 */
export async function savedDefinitionFor(
  ctx: CareGraphContext,
  schema: GraphQLSchema,
  id: string,
  params: { regionCode?: string | null; year?: number | null } | null | undefined,
): Promise<ReportDefinition> {
  if (!SAVED_REPORT_ID.test(id)) throw notFound('Saved report');
  const sql = new SqlBuilder();
  const [row] = await execute(ctx, `select ${COLUMNS} from core.saved_report where id = ${sql.param(id)} and ${visible(ctx, sql)}`, sql.params);
  if (!row) throw notFound('Saved report');
  const saved = row.definition as Partial<ReportDefinition>;
  const definition: ReportDefinition = {
    groupBy: saved.groupBy ?? [],
    measures: saved.measures ?? ['PERSONS'],
    rates: saved.rates ?? [],
    customRates: saved.customRates ?? [],
    subtotals: saved.subtotals ?? true,
    title: saved.title ?? row.name,
    filter: params?.regionCode ? { and: [saved.filter ?? {}, { regionCode: params.regionCode }] } : saved.filter,
    year: params?.year ?? saved.year,
  };
  assertInputAllowed(schema, 'ReportInput', definition, ctx.caller.scopes, 'savedReport.definition');
  return definition;
}
