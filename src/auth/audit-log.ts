import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from './caller.js';
import type { AuditEntry } from './audit-entry.js';
import { SqlBuilder } from '../core/filter/sql-builder.js';
import { queryPrepared } from '../core/queries/prepared-statement.js';

export interface AuditRequest {
  requestId: string;
  caller: Caller;
  purpose: string | null;
  operationName: string | null;
}

/** One `core.audit_event` row: a request's disclosure of one person × field. */
export interface AuditRow {
  request: AuditRequest;
  entry: AuditEntry;
}

/** A request's disclosures as rows: one per person × field, however many times aliases repeated it. */
export function auditRows(request: AuditRequest, entries: readonly AuditEntry[]): AuditRow[] {
  const unique = new Map<string, AuditEntry>();
  for (const e of entries) unique.set(`${e.personId}|${e.householdId}|${e.field}`, e);
  return [...unique.values()].map((entry) => ({ request, entry }));
}

/**
 * Inserts audit rows of any number of requests in one statement. Every column travels as one
 * array parameter, so the text is the same for one request or many (one prepared statement).
 * Names are cut to their columns' width: a long operation name is the caller's choice and must
 * not make the trail unwritable (which withholds the response).
 */
export async function insertAuditRows(em: EntityManager, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  const sql = new SqlBuilder();
  const column = (pick: (row: AuditRow) => unknown) => sql.array(rows.map(pick), 'text');
  const text = `insert into core.audit_event (request_id, caller_id, caller_name, purpose, operation_name, person_id, household_id, field)
    select t.request_id, t.caller_id, left(t.caller_name, 100), t.purpose, left(t.operation_name, 100), t.person_id::bigint, t.household_id::bigint, t.field
    from unnest(${column((r) => r.request.requestId)}, ${column((r) => r.request.caller.id)}, ${column((r) => r.request.caller.name)},
      ${column((r) => r.request.purpose)}, ${column((r) => r.request.operationName)}, ${column((r) => r.entry.personId)},
      ${column((r) => r.entry.householdId)}, ${column((r) => r.entry.field)})
      as t(request_id, caller_id, caller_name, purpose, operation_name, person_id, household_id, field)`;
  await queryPrepared(em, text, sql.params);
}
