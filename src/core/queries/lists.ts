import type { EntityManager } from '@mikro-orm/postgresql';
import type { DepartmentModule } from '../../contract/department-module.js';
import type { Person } from '../entities/person.entity.js';
import type { Household } from '../entities/household.entity.js';
import { householdColumns, personColumns, toHousehold, toPerson } from './core-rows.js';
import { EVERY_ROW, type RowScope } from '../../auth/row-scope.js';
import { compilePersonFilter, type PersonFilterInput } from '../filter/person-filter.compiler.js';
import { SqlBuilder } from '../../contract/sql-builder.js';
import { readPage, toConnection, type ConnectionValue, type PageArgs } from '../connection.js';
import type { RecordKind } from '../../contract/department-module.js';
import { recordListColumns } from './record-columns.js';
import { queryPlannedPerCall } from './prepared-statement.js';
import { cellKeySql, recordKeySql } from '../../disclosure/record-key.js';

interface ListArgs extends PageArgs {
  filter?: PersonFilterInput | null;
}

interface ListSpec<T> {
  type: string;
  /** Select list and row mapper (plain rows, no entity hydration on reads). */
  columns: string;
  toItem: (row: Record<string, any>) => T;
  /** FROM clause; `alias` is the row being listed. */
  from: string;
  alias: string;
  where: string;
  sql: SqlBuilder;
  /** Called with each listed item and its raw row (e.g. to keep record lists read along). */
  withRow?: (item: T, row: Record<string, any>) => void;
}

/**
 * One statement for the page. `totalCount`, when the query asks for it (`countAlong`), comes in
 * the same statement: the matching ids are found once (a materialized CTE), counted and paged —
 * the filter's work is not done twice. Without `countAlong` it costs a second statement only if
 * read after all.
 */
async function pagedList<T extends { id: string }>(em: EntityManager, spec: ListSpec<T>, args: PageArgs, countAlong = false): Promise<ConnectionValue<T>> {
  const page = readPage(spec.type, args);
  const { sql, alias, from, where } = spec;
  const filterParams = [...sql.params];
  const toItems = (rows: Array<Record<string, any>>) =>
    rows.map((row) => {
      const item = spec.toItem(row);
      spec.withRow?.(item, row);
      return item;
    });
  const countSeparately = async () => {
    const [{ count }] = await queryPlannedPerCall<{ count: string }>(em, `select count(*) as count from ${from} where ${where}`, filterParams);
    return Number(count);
  };
  // The cell key of every matching row, for disclosure control: asked only by callers without
  // exact counts, so exact callers never pay for hashing the whole match.
  const keySeparately = async () => {
    const text = `select ${cellKeySql(recordKeySql(`${alias}.id`))}::text as key from ${from} where ${where}`;
    const [{ key }] = await queryPlannedPerCall<{ key: string }>(em, text, filterParams);
    return key;
  };
  if (countAlong) {
    const after = page.afterId == null ? '' : ` and m.id > ${sql.param(page.afterId)}`;
    const text = `with m as materialized (select ${alias}.id from ${from} where ${where})
      select ${spec.columns}, (select count(*) from m) as total_count from ${from}
      where ${alias}.id in (select m.id from m where true${after} order by m.id limit ${sql.param(page.limit + 1)}) order by ${alias}.id`;
    const rows = await queryPlannedPerCall<Record<string, any>>(em, text, sql.params);
    // An empty page past a cursor carries no count: only then is it asked for separately.
    const total = rows.length ? Number(rows[0]!.total_count) : page.afterId == null ? 0 : null;
    return toConnection(spec.type, toItems(rows), page.limit, async () => total ?? countSeparately(), keySeparately);
  }
  const after = page.afterId == null ? '' : ` and ${alias}.id > ${sql.param(page.afterId)}`;
  const text = `select ${spec.columns} from ${from} where ${where}${after} order by ${alias}.id limit ${sql.param(page.limit + 1)}`;
  const items = toItems(await queryPlannedPerCall<Record<string, any>>(em, text, sql.params));
  // A first page with room to spare holds every match: its length is the total, no count needed.
  if (page.afterId == null && items.length <= page.limit) {
    const keyOfItems = async () => {
      const text = `select ${cellKeySql(recordKeySql('x'))}::text as key from unnest(?::bigint[]) x`;
      const [{ key }] = await queryPlannedPerCall<{ key: string }>(em, text, [`{${items.map((item) => item.id).join(',')}}`]);
      return key;
    };
    return toConnection(spec.type, items, page.limit, async () => items.length, keyOfItems);
  }
  return toConnection(spec.type, items, page.limit, countSeparately, keySeparately);
}

/** Records read along with a page of persons: `kinds` become columns `k0…kn` of each row handed to `prime`. */
export interface RecordsAlong {
  kinds: readonly RecordKind[];
  prime: (personId: string, row: Record<string, unknown>) => void;
}

export function listPersons(
  em: EntityManager,
  departments: readonly DepartmentModule[],
  args: ListArgs,
  rows: RowScope = EVERY_ROW,
  records: RecordsAlong = { kinds: [], prime: () => {} },
  countAlong = false,
): Promise<ConnectionValue<Person>> {
  const sql = new SqlBuilder();
  // Record subqueries carry no parameters, so wherever the select list sits in the text, placeholders stay in order.
  const columns = `${personColumns('p')}${recordListColumns(records.kinds, 'p.id')}`;
  // The caller's region scope follows the filter, so its params come after the filter's.
  const where = `${compilePersonFilter(args.filter, { departments, person: 'p', household: 'h' }, sql)}${rows.and('p.region_code', sql)}`;
  const from = 'core.person p left join core.household h on h.id = p.household_id';
  const withRow = records.kinds.length ? (person: Person, row: Record<string, unknown>) => records.prime(person.id, row) : undefined;
  return pagedList(em, { type: 'person', columns, toItem: toPerson, from, alias: 'p', where, sql, withRow }, args, countAlong);
}

/** Households with at least one member matching the filter (all households without one). */
export function listHouseholds(
  em: EntityManager,
  departments: readonly DepartmentModule[],
  args: ListArgs,
  rows: RowScope = EVERY_ROW,
): Promise<ConnectionValue<Household>> {
  const sql = new SqlBuilder();
  const matching =
    args.filter == null
      ? 'true'
      : `exists (select 1 from core.person p where p.household_id = h.id and ${compilePersonFilter(args.filter, { departments, person: 'p', household: 'h' }, sql)})`;
  const where = `${matching}${rows.and('h.region_code', sql)}`;
  return pagedList(em, { type: 'household', columns: householdColumns('h'), toItem: toHousehold, from: 'core.household h', alias: 'h', where, sql }, args);
}
