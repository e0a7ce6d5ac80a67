import type { EntityManager } from '@mikro-orm/postgresql';
import { readPage, toConnection, type ConnectionValue, type PageArgs } from '../core/connection.js';
import { badUserInput } from '../core/errors.js';
import { SqlBuilder } from '../core/filter/sql-builder.js';
import type { AuditEvent } from './audit-event.entity.js';

/** Rows are read with the entity's property names (aliased columns), without hydration. */
export type AuditEventRow = AuditEvent;

export interface AuditQueryArgs extends PageArgs {
  personId?: string | null;
  callerId?: string | null;
  from?: string | null;
  to?: string | null;
}

const COLUMNS = `id::text as "id", at, request_id as "requestId", caller_id as "callerId", caller_name as "callerName",
  purpose, operation_name as "operationName", person_id::text as "personId", household_id::text as "householdId", field`;

/** Disclosures newest first; served by the (person_id, at) and (caller_id, at) indexes. */
export async function listAuditEvents(em: EntityManager, args: AuditQueryArgs): Promise<ConnectionValue<AuditEventRow>> {
  const page = readPage('audit', args);
  const sql = new SqlBuilder();
  const where: string[] = [];
  if (args.personId != null) {
    if (!/^\d{1,18}$/.test(args.personId)) throw badUserInput('personId', 'is not a person id');
    where.push(`person_id = ${sql.param(args.personId)}`);
  }
  if (args.callerId != null) where.push(`caller_id = ${sql.param(args.callerId)}`);
  if (args.from != null) where.push(`at >= ${sql.param(args.from)}::timestamptz`);
  if (args.to != null) where.push(`at < ${sql.param(args.to)}::timestamptz`);
  const filterParams = [...sql.params];
  const filter = where.length ? where.join(' and ') : 'true';
  const after = page.afterId == null ? '' : ` and id < ${sql.param(page.afterId)}`;
  const rows = await em
    .getConnection()
    .execute<AuditEventRow[]>(`select ${COLUMNS} from core.audit_event where ${filter}${after} order by id desc limit ${sql.param(page.limit + 1)}`, sql.params);
  return toConnection('audit', rows, page.limit, async () => {
    const [{ count }] = await em.getConnection().execute<Array<{ count: string }>>(`select count(*) as count from core.audit_event where ${filter}`, filterParams);
    return Number(count);
  });
}
