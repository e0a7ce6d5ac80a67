import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../contract/caller.js';
import type { AuditEntry } from '../contract/audit-entry.js';
import { SqlBuilder } from '../contract/sql-builder.js';
import { queryPrepared } from '../core/queries/prepared-statement.js';

export interface AuditRequest {
  requestId: string;
  caller: Caller;
  purpose: string | null;
  operationName: string | null;
}

/** One `core.audit_event` row: what a request disclosed of one subject (person and/or household). */
export interface AuditRow {
  request: AuditRequest;
  personId: string | null;
  householdId: string | null;
  /** Field coordinates in the order first disclosed, each once. */
  fields: string[];
}

/**
 * A request's disclosures as rows: one per subject, in the order subjects were first disclosed,
 * each field once however many times aliases repeated it.
 */
export function auditRows(request: AuditRequest, entries: readonly AuditEntry[]): AuditRow[] {
  const rows = new Map<string, AuditRow>();
  for (const { personId, householdId, field } of entries) {
    const subject = `${personId}|${householdId}`;
    let row = rows.get(subject);
    if (row === undefined) {
      row = { request, personId, householdId, fields: [] };
      rows.set(subject, row);
    }
    // A subject's distinct fields are bounded by the schema's sensitive fields: a scan beats a Set.
    if (!row.fields.includes(field)) row.fields.push(field);
  }
  return [...rows.values()];
}

/** The number of disclosures (subject × field) the rows record. */
export function disclosureCount(rows: readonly AuditRow[]): number {
  let count = 0;
  for (const row of rows) count += row.fields.length;
  return count;
}

/**
 * Joins a row's fields into one array element, split again by `string_to_array` in the INSERT.
 * Field coordinates are `Type.field` (GraphQL names and one dot), so a comma never occurs in one.
 */
const FIELD_SEPARATOR = ',';

/**
 * Inserts audit rows of any number of requests in one statement. Every column travels as one
 * array parameter, so the text is the same for one request or many (one prepared statement):
 * what describes a request (id, caller, purpose, operation) once per request, and each row
 * with its request's position — repeating the request's five values on each row made most of
 * the parameters' text. A row's fields travel joined into one element that `string_to_array`
 * splits: PostgreSQL parses one array element per row rather than one per field, and builds each
 * row's array in one pass over a short string; one flat array of every field would need per-row
 * positions (another parameter) and a grouping or a slice per row to reassemble the arrays.
 * Rows are inserted in the order given. Names are cut to their columns' width: a long operation
 * name is the caller's choice and must not make the trail unwritable (which withholds the response).
 */
export async function insertAuditRows(em: EntityManager, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  const requests = [...new Set(rows.map((r) => r.request))];
  const position = new Map(requests.map((request, i) => [request, i + 1]));
  const sql = new SqlBuilder();
  const perRequest = (pick: (request: AuditRequest) => unknown) => sql.array(requests.map(pick), 'text');
  const perRow = (pick: (row: AuditRow) => unknown) => sql.array(rows.map(pick), 'text');
  const text = `insert into core.audit_event (request_id, caller_id, caller_name, purpose, operation_name, person_id, household_id, fields)
    select q.request_id, q.caller_id, left(q.caller_name, 100), q.purpose, left(q.operation_name, 100), e.person_id::bigint, e.household_id::bigint,
      string_to_array(e.fields, '${FIELD_SEPARATOR}')
    from unnest(${perRequest((r) => r.requestId)}, ${perRequest((r) => r.caller.id)}, ${perRequest((r) => r.caller.name)},
      ${perRequest((r) => r.purpose)}, ${perRequest((r) => r.operationName)}) with ordinality as q(request_id, caller_id, caller_name, purpose, operation_name, n)
    join unnest(${sql.array(rows.map((r) => position.get(r.request)), 'int')}, ${perRow((r) => r.personId)}, ${perRow((r) => r.householdId)},
      ${perRow((r) => r.fields.join(FIELD_SEPARATOR))}) with ordinality as e(n, person_id, household_id, fields, position) on e.n = q.n
    order by e.position`;
  await queryPrepared(em, text, sql.params);
}
