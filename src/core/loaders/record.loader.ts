import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RecordKind } from '../../departments/department-module.js';
import { SqlBuilder } from '../filter/sql-builder.js';
import { toRecordRow, type RecordRow } from './record-row.js';
import { queryPrepared } from '../queries/prepared-statement.js';

export interface RecordKey {
  kind: RecordKind;
  ownerId: string;
}

const ownerColumn = (kind: RecordKind) => kind.ownerColumn ?? `${kind.owner}_id`;
const kindKey = (kind: RecordKind) => `${kind.schema}.${kind.table}.${ownerColumn(kind)}`;
const cacheKey = (key: RecordKey) => `${kindKey(key.kind)}:${key.ownerId}`;

/**
 * Dispatches a batch once the loads `waitFor` reports have settled (checked after this turn's
 * batches were dispatched): a person graph then fetches the person's and the members' records
 * in one statement instead of two. Without such loads, the batch goes one macrotask later.
 */
function waitThenDispatch(waitFor: () => Promise<unknown> | undefined): (dispatch: () => void) => void {
  return (dispatch) =>
    setImmediate(() => {
      const pending = waitFor();
      if (pending) void pending.then(() => setImmediate(dispatch));
      else dispatch();
    });
}

/**
 * Loads department records for many owners and many record kinds at once. Every kind requested
 * in the same tick — across all departments — is fetched by one statement per owner type
 * (persons, households): one correlated `json_agg` subquery per kind over the batch of ids.
 */
export function createRecordLoader(em: EntityManager, opts: { waitFor?: () => Promise<unknown> | undefined } = {}): DataLoader<RecordKey, RecordRow[], string> {
  return new DataLoader<RecordKey, RecordRow[], string>(
    async (keys) => {
      const found = new Map<string, RecordRow[]>();
      for (const owner of ['person', 'household'] as const) {
        const ownerKeys = keys.filter((k) => k.kind.owner === owner);
        if (ownerKeys.length === 0) continue;
        const kinds = [...new Map(ownerKeys.map((k) => [kindKey(k.kind), k.kind])).values()];
        const ids = [...new Set(ownerKeys.map((k) => k.ownerId))];
        const sql = new SqlBuilder();
        const columns = kinds.map(
          (kind, i) =>
            `(select coalesce(json_agg(r order by ${kind.orderBy}), '[]'::json) from ${kind.schema}.${kind.table} r where r.${ownerColumn(kind)} = o.id) as k${i}`,
        );
        const text = `select o.id::text as owner_id, ${columns.join(', ')} from unnest(${sql.array(ids, 'bigint')}) as o(id)`;
        const rows = await queryPrepared<Record<string, unknown>>(em, text, sql.params);
        for (const row of rows) {
          kinds.forEach((kind, i) => {
            const records = (row[`k${i}`] as Array<Record<string, unknown>>).map(toRecordRow);
            found.set(`${kindKey(kind)}:${row.owner_id}`, records);
          });
        }
      }
      return keys.map((k) => found.get(cacheKey(k)) ?? []);
    },
    { cacheKeyFn: cacheKey, batchScheduleFn: opts.waitFor ? waitThenDispatch(opts.waitFor) : undefined },
  );
}
