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
 * array parameter, so the text is the same for one request or many (one prepared statement):
 * what describes a request (id, caller, purpose, operation) once per request, and each
 * disclosure with its request's position — a person graph discloses a dozen fields or more, and
 * repeating the request's five values on each made most of the parameters' text. Rows are
 * inserted in the order given. Names are cut to their columns' width: a long operation name is
 * the caller's choice and must not make the trail unwritable (which withholds the response).
 */
export async function insertAuditRows(em: EntityManager, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  const requests = [...new Set(rows.map((r) => r.request))];
  const position = new Map(requests.map((request, i) => [request, i + 1]));
  const sql = new SqlBuilder();
  const perRequest = (pick: (request: AuditRequest) => unknown) => sql.array(requests.map(pick), 'text');
  const perRow = (pick: (row: AuditRow) => unknown) => sql.array(rows.map(pick), 'text');
  const text = `insert into core.audit_event (request_id, caller_id, caller_name, purpose, operation_name, person_id, household_id, field)
    select q.request_id, q.caller_id, left(q.caller_name, 100), q.purpose, left(q.operation_name, 100), e.person_id::bigint, e.household_id::bigint, e.field
    from unnest(${perRequest((r) => r.requestId)}, ${perRequest((r) => r.caller.id)}, ${perRequest((r) => r.caller.name)},
      ${perRequest((r) => r.purpose)}, ${perRequest((r) => r.operationName)}) with ordinality as q(request_id, caller_id, caller_name, purpose, operation_name, n)
    join unnest(${sql.array(rows.map((r) => position.get(r.request)), 'int')}, ${perRow((r) => r.entry.personId)}, ${perRow((r) => r.entry.householdId)},
      ${perRow((r) => r.entry.field)}) with ordinality as e(n, person_id, household_id, field, position) on e.n = q.n
    order by e.position`;
  await queryPrepared(em, text, sql.params);
}
