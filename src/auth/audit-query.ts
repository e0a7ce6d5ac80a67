import type { EntityManager } from '@mikro-orm/postgresql';
import { readPage, toConnection, type ConnectionValue, type PageArgs } from '../core/connection.js';
import { badUserInput } from '../core/errors.js';
import { SqlBuilder } from '../contract/sql-builder.js';
import type { AuditEvent } from './audit-event.entity.js';

/**
 * One disclosure as auditors see it: a row's field, read with the entity's property names
 * (aliased columns), without hydration. Its id is `<row id>.<position of the field in the row>`:
 * stable and unique per disclosure, and ordered like the trail (row, then field).
 */
export interface AuditEventRow extends Omit<AuditEvent, 'fields'> {
  field: string;
}

export interface AuditQueryArgs extends PageArgs {
  personId?: string | null;
  callerId?: string | null;
  from?: string | null;
  to?: string | null;
}

/** The shape of an AuditEventRow id, and so of the list's cursors. */
const DISCLOSURE_ID = /^\d{1,18}\.\d{1,9}$/;

const COLUMNS = `concat(e.id, '.', f.n) as "id", e.at, e.request_id as "requestId", e.caller_id as "callerId", e.caller_name as "callerName",
  e.purpose, e.operation_name as "operationName", e.person_id::text as "personId", e.household_id::text as "householdId", f.field`;

/**
 * Disclosures newest first (row, then position in its fields, both descending). The filters
 * and the cursor's row bound apply to rows, served by the (person_id, at) and (caller_id, at)
 * indexes or the primary key, before each row's fields are unnested.
 */
export async function listAuditEvents(em: EntityManager, args: AuditQueryArgs): Promise<ConnectionValue<AuditEventRow>> {
  const page = readPage('audit', args, DISCLOSURE_ID);
  const sql = new SqlBuilder();
  const where: string[] = [];
  if (args.personId != null) {
    if (!/^\d{1,18}$/.test(args.personId)) throw badUserInput('personId', 'is not a person id');
    where.push(`e.person_id = ${sql.param(args.personId)}`);
  }
  if (args.callerId != null) where.push(`e.caller_id = ${sql.param(args.callerId)}`);
  if (args.from != null) where.push(`e.at >= ${sql.param(args.from)}::timestamptz`);
  if (args.to != null) where.push(`e.at < ${sql.param(args.to)}::timestamptz`);
  const filterParams = [...sql.params];
  const filter = where.length ? where.join(' and ') : 'true';
  const after = page.afterId == null ? '' : ` and ${afterDisclosure(page.afterId, sql)}`;
  const rows = await em.getConnection().execute<AuditEventRow[]>(
    `select ${COLUMNS} from core.audit_event e cross join lateral unnest(e.fields) with ordinality as f(field, n)
      where ${filter}${after} order by e.id desc, f.n desc limit ${sql.param(page.limit + 1)}`,
    sql.params,
  );
  return toConnection('audit', rows, page.limit, async () => {
    // Each row holds cardinality(fields) disclosures: counted without unnesting.
    const [{ count }] = await em
      .getConnection()
      .execute<Array<{ count: string }>>(`select coalesce(sum(cardinality(e.fields)), 0) as count from core.audit_event e where ${filter}`, filterParams);
    return Number(count);
  });
}

/**
 * Disclosures older than the cursor's: earlier fields of its row, then older rows. The bound on
 * the row alone (`e.id <= row`) is what the primary key can serve; the pair decides inside the row.
 */
function afterDisclosure(id: string, sql: SqlBuilder): string {
  const [row, n] = id.split('.');
  return `e.id <= ${sql.param(row)}::bigint and (e.id, f.n) < (${sql.param(row)}::bigint, ${sql.param(n)}::bigint)`;
}
