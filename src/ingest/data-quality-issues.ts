import type { EntityManager } from '@mikro-orm/postgresql';
import { encodeCursor, readPage, type PageArgs } from '../core/connection.js';
import { withPgClient } from '../db/pg-client.js';
import type { RowScope } from '../auth/row-scope.js';

export interface DataQualityIssueRow {
  id: string;
  kind: string;
  status: string;
  department: string;
  recordTable: string;
  sourceRecordId: string;
  personId: string | null;
  statedValue: string;
  storedValue: string | null;
  raisedBy: string | null;
  raisedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

const COLUMNS = `i.id::text, i.kind, i.status, i.department, i.record_table as "recordTable", i.source_record_id as "sourceRecordId",
  i.person_id::text as "personId", i.stated_value as "statedValue", i.stored_value as "storedValue", i.raised_by as "raisedBy",
  to_char(i.raised_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "raisedAt", i.resolved_by as "resolvedBy",
  to_char(i.resolved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "resolvedAt", i.resolution_note as "resolutionNote"`;

/** Region scope: an issue is in the region of its person's household (none: in no region). */
const IN_REGION = `($2::text is null or exists (select 1 from core.person p join core.household h on h.id = p.household_id
  where p.id = i.person_id and h.region_code like $2::text || '%'))`;

export interface IssueFilter {
  department: string;
  status?: string | null;
  personId?: string | null;
}

/** One department's issues, oldest first, as a cursor page. */
export async function listDataQualityIssues(em: EntityManager, scope: RowScope, filter: IssueFilter, args: PageArgs) {
  const page = readPage('DataQualityIssue', args);
  return withPgClient(em, async (client) => {
    const where = `i.department = $1 and ${IN_REGION} and ($3::text is null or i.status = $3) and ($4::bigint is null or i.person_id = $4::bigint)`;
    const params = [filter.department, scope.boundPrefix, filter.status ?? null, filter.personId ?? null];
    const { rows } = await client.query<DataQualityIssueRow>(
      `select ${COLUMNS} from core.data_quality_issue i where ${where} and ($5::bigint is null or i.id > $5::bigint) order by i.id limit $6`,
      [...params, page.afterId, page.limit + 1],
    );
    const { rows: count } = await client.query<{ n: number }>(`select count(*)::int as n from core.data_quality_issue i where ${where}`, params);
    const nodes = rows.slice(0, page.limit);
    const last = nodes.at(-1);
    return {
      nodes,
      pageInfo: { hasNextPage: rows.length > page.limit, endCursor: last ? encodeCursor('DataQualityIssue', last.id) : null },
      totalCount: count[0]!.n,
    };
  });
}

/** Marks one of the department's issues resolved; null when there is no such issue in the caller's region. */
export async function resolveDataQualityIssue(
  em: EntityManager,
  scope: RowScope,
  input: { department: string; id: string; note: string; resolvedBy: string },
): Promise<DataQualityIssueRow | null> {
  if (!/^\d{1,18}$/.test(input.id)) return null;
  return withPgClient(em, async (client) => {
    const { rows } = await client.query<DataQualityIssueRow>(
      `update core.data_quality_issue i set status = 'RESOLVED', resolved_by = $3, resolved_at = now(), resolution_note = $4
        where i.department = $1 and ${IN_REGION} and i.id = $5::bigint returning ${COLUMNS}`,
      [input.department, scope.boundPrefix, input.resolvedBy, input.note, input.id],
    );
    return rows[0] ?? null;
  });
}
