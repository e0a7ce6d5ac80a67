import type pg from 'pg';
import type { IntakeKind } from '../contract/intake-kind.js';
import type { RecordResult } from './record-outcome.js';
import type { RowScope } from '../auth/row-scope.js';
import { inTransaction } from '../db/pg-client.js';
import { ensureHistoryTrigger } from './history-trigger.js';
import { chineseTitle } from './intake-reasons.js';

const quote = (ident: string) => `"${ident.replaceAll('"', '""')}"`;

/**
 * Ends records of `kind` by sourceRecordId (soft delete): sets the end date (never later than one
 * already set) and the ended status, in one statement; the history trigger keeps what they were.
 * Results per id, in input order: UPDATED, UNCHANGED (already ended by then) or REJECTED (unknown).
 */
export async function endRecords(
  client: pg.ClientBase,
  kind: IntakeKind,
  sourceRecordIds: readonly string[],
  endDate: string,
  opts: { caller: string; dryRun: boolean; rows?: RowScope },
): Promise<RecordResult[]> {
  const end = kind.end!;
  const column = (field: string) => quote(kind.columns.find((c) => c.field === field)!.column);
  const date = column(end.dateField);
  const status = end.status ? column(end.status.field) : null;
  await ensureHistoryTrigger(client, kind);
  return inTransaction(client, opts.dryRun, async () => {
    await client.query(`select set_config('caregraph.caller', $1, true)`, [opts.caller]);
    const table = `${quote(kind.dbSchema)}.${quote(kind.table)}`;
    // Records of households outside the caller's region do not exist for it.
    const household = kind.owner === 'person' ? '(select household_id from core.person p where p.id = t.person_id)' : 't.household_id';
    const inRegion = (param: string) => `(${param}::text is null or exists (select 1 from core.household h where h.id = ${household} and h.region_code like ${param}::text || '%'))`;
    const { rows: ended } = await client.query<{ source_record_id: string }>(
      `update ${table} t set ${date} = least(coalesce(t.${date}, $2::date), $2::date)${status ? `, ${status} = $5` : ''},
              ingested_by = $4, updated_at = now(), version = t.version + 1
        where t.source_record_id = any($1::text[]) and ${inRegion('$3')}
          and (t.${date} is null or t.${date} > $2::date${status ? ` or t.${status} is distinct from $5` : ''})
        returning t.source_record_id`,
      [sourceRecordIds, endDate, opts.rows?.boundPrefix ?? null, opts.caller, ...(end.status ? [end.status.value] : [])],
    );
    const { rows: known } = await client.query<{ source_record_id: string }>(
      `select source_record_id from ${table} t where t.source_record_id = any($1::text[]) and ${inRegion('$2')}`,
      [sourceRecordIds, opts.rows?.boundPrefix ?? null],
    );
    const endedIds = new Set(ended.map((r) => r.source_record_id));
    const knownIds = new Set(known.map((r) => r.source_record_id));
    return sourceRecordIds.map((id, index): RecordResult => {
      if (endedIds.has(id)) return { rowNumber: index, sourceRecordId: id, status: 'UPDATED', errors: [] };
      if (knownIds.has(id)) return { rowNumber: index, sourceRecordId: id, status: 'UNCHANGED', errors: [] };
      return { rowNumber: index, sourceRecordId: id, status: 'REJECTED', errors: [{ code: 'NOT_FOUND', field: 'sourceRecordIds', message: `第${index + 1}个来源记录号：没有 "${id}" 这条${chineseTitle(kind)}记录` }] };
    });
  });
}
