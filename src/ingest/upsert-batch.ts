import type pg from 'pg';
import type { IntakeKind } from '../contract/intake-kind.js';
import type { ValidRecord } from './validate-row.js';
import type { RecordError, RecordResult } from './record-outcome.js';
import { EVERY_ROW, type RowScope } from '../auth/row-scope.js';
import { inTransaction } from '../db/pg-client.js';
import { ensureHistoryTrigger } from './history-trigger.js';
import { outsideRegion } from './region-check.js';
import { linkHouseholds, resolveHouseholds, resolvePersons, type Issue } from './identity-resolution.js';
import { resolveReferences } from './resolve-references.js';
import { positionLabel, type RecordPosition } from './intake-reasons.js';
import { formatChinaTime } from './china-time.js';
import { sealRecordValues } from './sealed-values.js';

export interface BatchOutcome {
  results: RecordResult[];
  /** Data-quality issues newly raised (re-sending the same record raises none again). */
  issuesRaised: number;
}

export interface WriteOptions {
  /** Caller name recorded as `ingested_by`, in history and on raised issues. */
  caller: string;
  /** Validate and write, then roll back: the counts are what a real run would do. */
  dryRun: boolean;
  /** The writer's row scope (default: every row). */
  rows?: RowScope;
  /** How reasons name another record's position (default: file rows). */
  position?: RecordPosition;
}

const quote = (ident: string) => `"${ident.replaceAll('"', '""')}"`;

/** Later occurrences of a sourceRecordId win, as re-sending would; earlier ones are reported. */
function dropSuperseded(records: readonly ValidRecord[], position: RecordPosition): { kept: ValidRecord[]; superseded: RecordResult[] } {
  const last = new Map<string, ValidRecord>();
  for (const r of records) last.set(r.sourceRecordId, r);
  const kept: ValidRecord[] = [];
  const superseded: RecordResult[] = [];
  for (const r of records) {
    const winner = last.get(r.sourceRecordId)!;
    if (winner === r) kept.push(r);
    else {
      superseded.push({
        rowNumber: r.rowNumber,
        sourceRecordId: r.sourceRecordId,
        status: 'REJECTED',
        errors: [{
          code: 'DUPLICATE_SOURCE_RECORD_ID',
          field: 'sourceRecordId',
          message: `"${r.sourceRecordId}" 在${positionLabel(position, winner.rowNumber)}再次出现，以${positionLabel(position, winner.rowNumber)}为准，本行未导入`,
        }],
      });
    }
  }
  return { kept, superseded };
}

/**
 * Upserts the batch's records in one statement: new sourceRecordIds are inserted, known ones
 * updated only where a value differs (the trigger then keeps the previous version). Returns
 * sourceRecordId → created? for every row written; rows not returned were unchanged.
 */
async function upsertRecords(client: pg.ClientBase, kind: IntakeKind, records: readonly ValidRecord[], owners: string[], caller: string): Promise<Map<string, boolean>> {
  const owner = kind.owner === 'person' ? 'person_id' : 'household_id';
  const own = kind.columns.map((c) => quote(c.column));
  const aliases = kind.columns.map((_, i) => `c${i}`);
  const params: unknown[] = [owners, records.map((r) => r.sourceRecordId), records.map((r) => r.sourceUpdatedAt), caller];
  const unnestArgs = ['$1::bigint[]', '$2::text[]', '$3::timestamptz[]'];
  kind.columns.forEach((c, i) => {
    params.push(records.map((r) => r.values[i]));
    unnestArgs.push(`$${params.length}::${c.sqlType}[]`);
  });
  const compared = [owner, ...own];
  const { rows } = await client.query<{ source_record_id: string; created: boolean }>(
    `insert into ${quote(kind.dbSchema)}.${quote(kind.table)} as t (${owner}, source_record_id, source_updated_at, ingested_by${own.map((c) => `, ${c}`).join('')})
     select u.o, u.s, u.su, $4::text${aliases.map((a) => `, u.${a}`).join('')}
       from unnest(${unnestArgs.join(', ')}) as u(o, s, su${aliases.map((a) => `, ${a}`).join('')})
     on conflict (source_record_id) do update set
       ${compared.map((c) => `${c} = excluded.${c}`).join(', ')},
       source_updated_at = excluded.source_updated_at, ingested_by = excluded.ingested_by, updated_at = now(), version = t.version + 1
     where (${compared.map((c) => `t.${c}`).join(', ')}) is distinct from (${compared.map((c) => `excluded.${c}`).join(', ')})
       and (excluded.source_updated_at is null or t.source_updated_at is null or excluded.source_updated_at >= t.source_updated_at)
     returning t.source_record_id, (xmax = 0) as created`,
    params,
  );
  return new Map(rows.map((r) => [r.source_record_id, r.created]));
}

/**
 * Of the records the upsert left alone, those the hub holds in a newer version (a later
 * sourceUpdatedAt): an old file re-imported after newer data must not roll records back.
 */
async function findStale(client: pg.ClientBase, kind: IntakeKind, untouched: readonly ValidRecord[]): Promise<Map<string, Date>> {
  const dated = untouched.filter((r) => r.sourceUpdatedAt !== null);
  if (dated.length === 0) return new Map();
  const { rows } = await client.query<{ source_record_id: string; stored: Date }>(
    `select t.source_record_id, t.source_updated_at as stored
       from ${quote(kind.dbSchema)}.${quote(kind.table)} t join unnest($1::text[], $2::timestamptz[]) as u(s, su) on t.source_record_id = u.s
      where t.source_updated_at > u.su`,
    [dated.map((r) => r.sourceRecordId), dated.map((r) => r.sourceUpdatedAt)],
  );
  return new Map(rows.map((r) => [r.source_record_id, r.stored]));
}

async function raiseIssues(client: pg.ClientBase, kind: IntakeKind, issues: readonly Issue[], caller: string): Promise<number> {
  if (issues.length === 0) return 0;
  const { rowCount } = await client.query(
    `insert into core.data_quality_issue (kind, person_id, department, record_table, source_record_id, stated_value, stored_value, raised_by)
     select u.kind, u.person_id, $1, $2, u.source_record_id, u.stated, u.stored, $3
       from unnest($4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[]) as u(kind, person_id, source_record_id, stated, stored)
     on conflict do nothing`,
    [
      kind.department,
      `${kind.dbSchema}.${kind.table}`,
      caller,
      issues.map((i) => i.kind),
      issues.map((i) => i.personId),
      issues.map((i) => i.sourceRecordId),
      issues.map((i) => i.stated.slice(0, 200)),
      issues.map((i) => i.stored?.slice(0, 200) ?? null),
    ],
  );
  return rowCount ?? 0;
}

/** The whole batch in one transaction with a fixed handful of set-based statements. */
async function writeOnce(client: pg.ClientBase, kind: IntakeKind, batch: readonly ValidRecord[], opts: WriteOptions): Promise<BatchOutcome> {
  await ensureHistoryTrigger(client, kind);
  return inTransaction(client, opts.dryRun, async () => {
    await client.query(`select set_config('caregraph.caller', $1, true)`, [opts.caller]);
    const issues: Issue[] = [];
    // References first: a record naming something unknown is refused before its owner is created.
    const { resolved: records, rejected } = await resolveReferences(client, kind, batch, opts.rows ?? EVERY_ROW);
    let writable: ValidRecord[] = [...records];
    let owners: string[];
    if (kind.owner === 'person') {
      const persons = await resolvePersons(client, records);
      const households = await resolveHouseholds(client, records, true);
      await linkHouseholds(client, records, persons, households, issues);
      owners = records.map((r) => persons.get(r.person!.idNumber)!.id);
      for (const r of records) {
        const person = persons.get(r.person!.idNumber)!;
        if (person.name !== r.person!.name) {
          issues.push({ kind: 'NAME_MISMATCH', personId: person.id, sourceRecordId: r.sourceRecordId, stated: r.person!.name, stored: person.name });
        }
        for (const c of r.contradictions) issues.push({ kind: c.kind, personId: person.id, sourceRecordId: r.sourceRecordId, stated: c.stated, stored: c.derived });
      }
    } else {
      const households = await resolveHouseholds(client, records, false);
      writable = records.filter((r) => households.has(r.householdNumber!));
      for (const r of records.filter((x) => !households.has(x.householdNumber!))) {
        rejected.push({
          rowNumber: r.rowNumber,
          sourceRecordId: r.sourceRecordId,
          status: 'REJECTED',
          errors: [{ code: 'HOUSEHOLD_NOT_FOUND', field: 'householdNumber', message: `系统中没有户号为 "${r.householdNumber}" 的户 — 请核对户号，或先导入该户成员的记录（会按户号建户）` }],
        });
      }
      owners = writable.map((r) => households.get(r.householdNumber!)!);
    }
    const written = writable.length > 0 ? await upsertRecords(client, kind, await sealRecordValues(client, kind, writable), owners, opts.caller) : new Map<string, boolean>();
    const issuesRaised = await raiseIssues(client, kind, issues, opts.caller);
    const stale = await findStale(client, kind, writable.filter((r) => !written.has(r.sourceRecordId)));
    const results: RecordResult[] = writable.map((r) => {
      const created = written.get(r.sourceRecordId);
      const newer = stale.get(r.sourceRecordId);
      if (newer !== undefined) {
        const message =
          `系统中 "${r.sourceRecordId}" 的版本更新（来源更新时间 ${formatChinaTime(newer)}），本行是 ${formatChinaTime(r.sourceUpdatedAt!)} 的旧版本，未导入` +
          ' — 旧文件不会覆盖新数据；如确需改回，请把来源更新时间改为现在后重新导入';
        return { rowNumber: r.rowNumber, sourceRecordId: r.sourceRecordId, status: 'REJECTED', errors: [{ code: 'STALE_RECORD', field: 'sourceUpdatedAt', message }] };
      }
      return { rowNumber: r.rowNumber, sourceRecordId: r.sourceRecordId, status: created === undefined ? 'UNCHANGED' : created ? 'CREATED' : 'UPDATED', errors: [] };
    });
    return { results: [...results, ...rejected], issuesRaised };
  });
}

/** Data errors (class 22) and constraint violations (class 23) belong to a record, not the batch. */
const isRecordFault = (err: unknown) => typeof (err as { code?: unknown }).code === 'string' && /^2[23]/.test((err as { code: string }).code);

/**
 * Writes a batch; when the database refuses it for one record's sake, splits it in halves until
 * the offending records stand alone, so one bad record never rejects its valid neighbours.
 */
async function writeSplitting(client: pg.ClientBase, kind: IntakeKind, records: readonly ValidRecord[], opts: WriteOptions): Promise<BatchOutcome> {
  try {
    return await writeOnce(client, kind, records, opts);
  } catch (err) {
    if (!isRecordFault(err)) throw err;
    if (records.length === 1) {
      const r = records[0]!;
      const message = `数据库拒收了这条记录：${(err as Error).message}`;
      return { results: [{ rowNumber: r.rowNumber, sourceRecordId: r.sourceRecordId, status: 'REJECTED', errors: [{ code: 'DATABASE_REJECTED', field: null, message }] }], issuesRaised: 0 };
    }
    const half = Math.ceil(records.length / 2);
    const a = await writeSplitting(client, kind, records.slice(0, half), opts);
    const b = await writeSplitting(client, kind, records.slice(half), opts);
    return { results: [...a.results, ...b.results], issuesRaised: a.issuesRaised + b.issuesRaised };
  }
}

/** Writes one batch of validated records of `kind` (≤ ~1000) and reports each record's fate. */
export async function upsertBatch(client: pg.ClientBase, kind: IntakeKind, records: readonly ValidRecord[], opts: WriteOptions): Promise<BatchOutcome> {
  const { kept, superseded } = dropSuperseded(records, opts.position ?? 'row');
  const outside = opts.rows?.confined && kept.length > 0 ? await outsideRegion(client, kind, kept, opts.rows) : [];
  const refused = new Set(outside.map((r) => r.rowNumber));
  const writable = kept.filter((r) => !refused.has(r.rowNumber));
  const outcome = writable.length > 0 ? await writeSplitting(client, kind, writable, opts) : { results: [], issuesRaised: 0 };
  return { results: [...outcome.results, ...superseded, ...outside].sort((a, b) => a.rowNumber - b.rowNumber), issuesRaised: outcome.issuesRaised };
}
