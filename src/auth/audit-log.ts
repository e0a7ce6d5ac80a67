import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../contract/caller.js';
import type { AuditEntry } from '../contract/audit-entry.js';
import { SqlBuilder } from '../contract/sql-builder.js';
import type { AuditKeyring } from '../audit-chain/audit-keyring.js';
import { appendRows, type UnplacedContent } from '../audit-chain/chain-append.js';
import { storedText } from '../audit-chain/chain-link.js';

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

/** Widths of the name columns: the link covers a value as stored, so it is cut here, not by PostgreSQL. */
const NAME_WIDTH = 100;

/**
 * Inserts audit rows of any number of requests in one statement, appended to one of today's
 * audit chains (src/audit-chain/, docs/security.md): each row carries its position and its
 * HMAC-SM3 link, and the same statement moves the head — only if the head is still the one the
 * rows were linked after (appendRows; usually this one statement is the whole write).
 * Every column travels as one array parameter, so the text is the same for one request or many
 * (one prepared statement): what describes a request (id, caller, purpose, operation) once per
 * request, and each row with its request's position — repeating the request's five values on
 * each row made most of the parameters' text. A row's fields travel joined into one element that
 * `string_to_array` splits: PostgreSQL parses one array element per row rather than one per field,
 * and builds each row's array in one pass over a short string. Rows are inserted in the order
 * given, which is their order in the chain. Names are cut to their columns' width: a long
 * operation name is the caller's choice and must not make the trail unwritable (which withholds
 * the response).
 */
export async function insertAuditRows(em: EntityManager, rows: readonly AuditRow[], keyring: AuditKeyring): Promise<void> {
  if (rows.length === 0) return;
  const requests = [...new Set(rows.map((r) => r.request))];
  const position = new Map(requests.map((request, i) => [request, i + 1]));
  const stored = new Map(
    requests.map((r) => [r, { callerName: storedText(r.caller.name, NAME_WIDTH), operationName: r.operationName === null ? null : storedText(r.operationName, NAME_WIDTH) }]),
  );
  const contents: UnplacedContent[] = rows.map((row) => ({
    requestId: row.request.requestId,
    callerId: row.request.caller.id,
    callerName: stored.get(row.request)!.callerName,
    purpose: row.request.purpose,
    operationName: stored.get(row.request)!.operationName,
    personId: row.personId,
    householdId: row.householdId,
    fields: row.fields,
  }));
  await appendRows(em, keyring, contents, (head, placed, headSource) => {
    const sql = new SqlBuilder();
    const perRequest = (pick: (request: AuditRequest) => unknown) => sql.array(requests.map(pick), 'text');
    const perRow = (pick: (row: AuditRow, i: number) => unknown) => sql.array(rows.map(pick), 'text');
    const text = `with head as (${headSource(sql)}),
    inserted as (
      insert into core.audit_event (at, request_id, caller_id, caller_name, purpose, operation_name, person_id, household_id, fields, chain_id, chain_seq, chain_key, chain_link)
      select ${sql.param(head.at)}::timestamptz, q.request_id, q.caller_id, q.caller_name, q.purpose, q.operation_name, e.person_id::bigint, e.household_id::bigint,
        string_to_array(e.fields, '${FIELD_SEPARATOR}'), head.chain_id, ${sql.param(head.seq)}::bigint + e.position, ${sql.param(keyring.current.id)}, decode(e.link, 'hex')
      from unnest(${perRequest((r) => r.requestId)}, ${perRequest((r) => r.caller.id)}, ${perRequest((r) => stored.get(r)!.callerName)},
        ${perRequest((r) => r.purpose)}, ${perRequest((r) => stored.get(r)!.operationName)}) with ordinality as q(request_id, caller_id, caller_name, purpose, operation_name, n)
      join unnest(${sql.array(rows.map((r) => position.get(r.request)), 'int')}, ${perRow((r) => r.personId)}, ${perRow((r) => r.householdId)},
        ${perRow((r) => r.fields.join(FIELD_SEPARATOR))}, ${perRow((_, i) => placed.links[i]!.toString('hex'))}) with ordinality as e(n, person_id, household_id, fields, link, position) on e.n = q.n
      cross join head
      order by e.position
      returning id)
    update core.audit_chain_head h set seq = ${sql.param(placed.lastSeq)}::bigint, link = decode(${sql.param(placed.links.at(-1)!.toString('hex'))}, 'hex'),
      key_id = ${sql.param(keyring.current.id)}, last_id = (select max(id) from inserted) from head where h.chain_id = head.chain_id`;
    let n = 0;
    return { text: text.replace(/\?/g, () => `$${++n}`), values: sql.params };
  });
}
