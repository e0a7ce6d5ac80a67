import type { IResolvers } from '@graphql-tools/utils';
import type { DepartmentModule } from '../../src/contract/department-module.js';
import type { CareGraphContext } from '../../src/contract/request-context.js';
import type { IntakeKind } from '../../src/contract/intake-kind.js';
import type { RawValue } from '../../src/ingest/field-parsers.js';
import type { RecordResult } from '../../src/ingest/record-outcome.js';
import { rowScopeOf } from '../../src/auth/row-scope.js';
import { COUNTERS, emptySummary, ingest } from '../../src/ingest/intake-pipeline.js';
import { endRecords } from '../../src/ingest/end-records.js';
import { withPgClient } from '../../src/db/pg-client.js';
import { departmentEnumValue } from '../../src/ingest/intake-sdl.js';
import { listDataQualityIssues, resolveDataQualityIssue } from '../../src/ingest/data-quality-issues.js';
import { recordHistory } from '../../src/ingest/record-history.js';
import { badUserInput, notFound } from '../../src/core/errors.js';

/** Records per upsert call: one transaction, one batch of the pipeline. */
export const MAX_RECORDS_PER_CALL = 1000;

/** The ledger-facing caller name stored as `ingested_by` / `changed_by`. */
export const callerLabel = (ctx: Pick<CareGraphContext, 'caller'>) => ctx.caller.name.slice(0, 64);

/** A rejected record's first error on the result itself, every error in `errors`. */
export function toRecordResult(r: RecordResult) {
  const first = r.errors[0];
  return { index: r.rowNumber, sourceRecordId: r.sourceRecordId, status: r.status, code: first?.code ?? null, field: first?.field ?? null, message: first?.message ?? null, errors: r.errors };
}

function upsertResolver(kind: IntakeKind) {
  return async (_root: unknown, args: { records: Array<Record<string, RawValue>>; dryRun?: boolean | null }, ctx: CareGraphContext) => {
    if (args.records.length > MAX_RECORDS_PER_CALL) {
      throw badUserInput('records', `${args.records.length} records; at most ${MAX_RECORDS_PER_CALL} per call (import larger files with POST /import/${kind.department}/${kind.name})`);
    }
    const results: RecordResult[] = [];
    const summary = await ingest(ctx.em, kind, args.records.map((values, i) => ({ rowNumber: i, values })), {
      caller: callerLabel(ctx),
      rows: rowScopeOf(ctx.caller),
      dryRun: args.dryRun ?? false,
      batchSize: MAX_RECORDS_PER_CALL,
      position: 'index',
      onResults: (batch) => void results.push(...batch),
    });
    return { ...summary, records: results.map(toRecordResult) };
  };
}

function endResolver(kind: IntakeKind) {
  return async (_root: unknown, args: { sourceRecordIds: string[]; endDate?: string | null; dryRun?: boolean | null }, ctx: CareGraphContext) => {
    if (args.sourceRecordIds.length > MAX_RECORDS_PER_CALL) throw badUserInput('sourceRecordIds', `at most ${MAX_RECORDS_PER_CALL} per call`);
    const dryRun = args.dryRun ?? false;
    const endDate = args.endDate ?? new Date().toISOString().slice(0, 10);
    const results = await withPgClient(ctx.em, (client) => endRecords(client, kind, args.sourceRecordIds, endDate, { caller: callerLabel(ctx), dryRun, rows: rowScopeOf(ctx.caller) }));
    const summary = emptySummary(dryRun);
    for (const r of results) summary[COUNTERS[r.status]]++;
    return { ...summary, records: results.map(toRecordResult) };
  };
}

/**
 * Resolvers of the intake API derived from the departments' intake kinds (the matching SDL comes
 * from src/ingest/intake-sdl.ts). Access is declared there; resolvers only do the work.
 */
export function intakeResolvers(departments: readonly DepartmentModule[]): IResolvers {
  const writers = departments.filter((d) => d.intake && d.intake.length > 0);
  if (writers.length === 0) return {};
  const codeOf = Object.fromEntries(writers.map((d) => [departmentEnumValue(d.code), d.code]));
  const mutations: Record<string, unknown> = {};
  for (const kind of writers.flatMap((d) => d.intake!)) {
    mutations[kind.mutation] = upsertResolver(kind);
    if (kind.endMutation) mutations[kind.endMutation] = endResolver(kind);
  }
  return {
    IntakeDepartment: codeOf,
    Query: {
      dataQualityIssues: (_root: unknown, args: { filter: { department: string; status?: string | null; personId?: string | null }; first?: number | null; after?: string | null }, ctx: CareGraphContext) =>
        listDataQualityIssues(ctx.em, rowScopeOf(ctx.caller), args.filter, args),
      recordHistory: (_root: unknown, args: { department: string; kind: string; sourceRecordId?: string | null; recordId?: string | null }, ctx: CareGraphContext) => {
        const kind = writers.find((d) => d.code === args.department)!.intake!.find((k) => k.name === args.kind);
        if (!kind) throw badUserInput('kind', `"${args.kind}" is not an intake kind of ${args.department}`);
        if ((args.sourceRecordId == null) === (args.recordId == null)) throw badUserInput('sourceRecordId', 'give either sourceRecordId or recordId');
        if (args.recordId != null && !/^\d{1,18}$/.test(args.recordId)) throw badUserInput('recordId', 'is not a record id');
        return recordHistory(ctx.em, kind, args.recordId != null ? { recordId: args.recordId } : { sourceRecordId: args.sourceRecordId! });
      },
    },
    Mutation: {
      ...mutations,
      resolveDataQualityIssue: async (_root: unknown, args: { input: { department: string; id: string; note: string } }, ctx: CareGraphContext) => {
        const row = await resolveDataQualityIssue(ctx.em, rowScopeOf(ctx.caller), { ...args.input, resolvedBy: callerLabel(ctx) });
        if (!row) throw notFound(`Data-quality issue ${args.input.id}`);
        return row;
      },
    },
  };
}
