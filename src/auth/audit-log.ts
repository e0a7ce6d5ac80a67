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

/**
 * Writes one request's disclosures in a single INSERT (one row per person × field, however
 * many times aliases repeated it). Awaited before the response leaves, so a disclosure is never
 * sent without its record.
 */
export async function writeAuditEntries(em: EntityManager, request: AuditRequest, entries: readonly AuditEntry[]): Promise<number> {
  const unique = new Map<string, AuditEntry>();
  for (const e of entries) unique.set(`${e.personId}|${e.householdId}|${e.field}`, e);
  if (unique.size === 0) return 0;
  const rows = [...unique.values()];
  const sql = new SqlBuilder();
  const text = `insert into core.audit_event (request_id, caller_id, caller_name, purpose, operation_name, person_id, household_id, field)
    select ${sql.param(request.requestId)}, ${sql.param(request.caller.id)}, ${sql.param(request.caller.name)}, ${sql.param(request.purpose)},
      ${sql.param(request.operationName)}, t.p, t.h, t.f
    from unnest(${sql.array(rows.map((r) => r.personId), 'bigint')}, ${sql.array(rows.map((r) => r.householdId), 'bigint')},
      ${sql.array(rows.map((r) => r.field), 'text')}) as t(p, h, f)`;
  await queryPrepared(em, text, sql.params);
  return rows.length;
}
