import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RecordKind } from '../../contract/department-module.js';
import { SqlBuilder } from '../../contract/sql-builder.js';
import { toRecordRow, type RecordRow } from './record-row.js';
import { queryPrepared } from '../queries/prepared-statement.js';
import { distinctKinds, kindKey, recordListColumns } from '../queries/record-columns.js';

export interface RecordKey {
  kind: RecordKind;
  ownerId: string;
}

export type RecordLoader = DataLoader<RecordKey, RecordRow[], string>;

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

/** Record lists read ahead, per loader (so per request), answered without a promise. */
const readAhead = new WeakMap<RecordLoader, Map<string, RecordRow[]>>();

/**
 * Keeps record lists of `ownerId` read together with the owner's row (columns `k0…kn` of
 * {@link recordListColumns}, same `kinds` order): later asks get them from {@link readRecords}
 * without a statement, a batch or a promise.
 */
export function primeRecords(loader: RecordLoader, kinds: readonly RecordKind[], ownerId: string, row: Record<string, unknown>): void {
  let lists = readAhead.get(loader);
  if (!lists) readAhead.set(loader, (lists = new Map()));
  for (let i = 0; i < kinds.length; i++) {
    const raw = row[`k${i}`] as Array<Record<string, unknown>> | undefined;
    if (raw) lists.set(cacheKey({ kind: kinds[i]!, ownerId }), raw.map(toRecordRow));
  }
}

/** The records of one kind and owner: read ahead (synchronously), else through the batched loader. */
export function readRecords(loader: RecordLoader, key: RecordKey): RecordRow[] | Promise<RecordRow[]> {
  return readAhead.get(loader)?.get(cacheKey(key)) ?? loader.load(key);
}

/**
 * Loads department records for many owners and many record kinds at once. Every kind requested
 * in the same tick — across all departments — is fetched by one statement per owner type
 * (persons, households): one correlated `json_agg` subquery per kind over the batch of ids.
 */
export function createRecordLoader(em: EntityManager, opts: { waitFor?: () => Promise<unknown> | undefined } = {}): RecordLoader {
  return new DataLoader<RecordKey, RecordRow[], string>(
    async (keys) => {
      const found = new Map<string, RecordRow[]>();
      for (const owner of ['person', 'household'] as const) {
        const ownerKeys = keys.filter((k) => k.kind.owner === owner);
        if (ownerKeys.length === 0) continue;
        const kinds = distinctKinds(ownerKeys.map((k) => k.kind));
        const ids = [...new Set(ownerKeys.map((k) => k.ownerId))];
        const sql = new SqlBuilder();
        const text = `select o.id::text as owner_id${recordListColumns(kinds, 'o.id')} from unnest(${sql.array(ids, 'bigint')}) as o(id)`;
        const rows = await queryPrepared<Record<string, unknown>>(em, text, sql.params);
        for (const row of rows) {
          kinds.forEach((kind, i) => {
            found.set(cacheKey({ kind, ownerId: String(row.owner_id) }), (row[`k${i}`] as Array<Record<string, unknown>>).map(toRecordRow));
          });
        }
      }
      return keys.map((k) => found.get(cacheKey(k)) ?? []);
    },
    { cacheKeyFn: cacheKey, batchScheduleFn: opts.waitFor ? waitThenDispatch(opts.waitFor) : undefined },
  );
}
