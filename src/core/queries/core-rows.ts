import type { EntityManager } from '@mikro-orm/postgresql';
import type { Person } from '../entities/person.entity.js';
import type { Household } from '../entities/household.entity.js';
import { SqlBuilder } from '../../contract/sql-builder.js';
import { queryPrepared } from './prepared-statement.js';
import { recordListColumns } from './record-columns.js';
import type { RecordKind } from '../../contract/department-module.js';

/**
 * Read-path rows for persons and households as plain objects of the entity interfaces, straight
 * from SQL. Reads never flush, so they skip MikroORM's query building, entity hydration and
 * identity map: `npm run bench` measured those as the largest CPU cost of a person-graph request.
 * Dates are cast to text in SQL (the API's `YYYY-MM-DD`), ids to text (no BigInt).
 */
export const personColumns = (a: string) =>
  `${a}.id::text as id, ${a}.id_number, ${a}.name, ${a}.gender, ${a}.birth_date::text as birth_date, ${a}.ethnicity, ${a}.phone, ${a}.address, ` +
  `${a}.household_id::text as household_id, ${a}.relation_to_head, ${a}.labour_ability, ${a}.self_care_ability, ${a}.deceased_date::text as deceased_date, ${a}.created_at, ${a}.updated_at`;

export const householdColumns = (a: string) =>
  `${a}.id::text as id, ${a}.household_number, ${a}.region_code, ${a}.address, ${a}.head_id::text as head_id, ${a}.registered_poor, ${a}.registered_poor_year, ` +
  `${a}.monitoring_status, ${a}.consent_date::text as consent_date, ${a}.created_at, ${a}.updated_at`;

type Row = Record<string, any>;

/** A person row; its household is an unloaded reference (`{ id }`), as MikroORM would give. */
export function toPerson(r: Row): Person {
  return {
    id: r.id,
    idNumber: r.id_number,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    ethnicity: r.ethnicity,
    phone: r.phone,
    address: r.address,
    household: r.household_id == null ? null : ({ id: r.household_id } as Household),
    relationToHead: r.relation_to_head,
    labourAbility: r.labour_ability,
    selfCareAbility: r.self_care_ability,
    deceasedDate: r.deceased_date,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toHousehold(r: Row): Household {
  return {
    id: r.id,
    householdNumber: r.household_number,
    regionCode: r.region_code,
    address: r.address,
    headId: r.head_id,
    registeredPoor: r.registered_poor,
    registeredPoorYear: r.registered_poor_year,
    monitoringStatus: r.monitoring_status,
    consentDate: r.consent_date,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Persons matching `where` (over alias `p`), as plain rows. */
export async function selectPersons(em: EntityManager, where: (sql: SqlBuilder) => string, orderBy = ''): Promise<Person[]> {
  return (await selectPersonRows(em, where, [], orderBy)).map((r) => r.person);
}

/** Persons matching `where` (over alias `p`), each with its raw row holding its records of `kinds` as `k0…kn`. */
export async function selectPersonRows(em: EntityManager, where: (sql: SqlBuilder) => string, kinds: readonly RecordKind[], orderBy = ''): Promise<Array<{ person: Person; row: Row }>> {
  const sql = new SqlBuilder();
  const text = `select ${personColumns('p')}${recordListColumns(kinds, 'p.id')} from core.person p where ${where(sql)}${orderBy}`;
  return (await queryPrepared<Row>(em, text, sql.params)).map((row) => ({ person: toPerson(row), row }));
}

/** Households matching `where` (over alias `h`), as plain rows. */
export async function selectHouseholds(em: EntityManager, where: (sql: SqlBuilder) => string): Promise<Household[]> {
  const sql = new SqlBuilder();
  const text = `select ${householdColumns('h')} from core.household h where ${where(sql)}`;
  return (await queryPrepared<Row>(em, text, sql.params)).map(toHousehold);
}

export interface HouseholdGraph {
  household: Household;
  members: Person[];
  /** Each member's raw row, in `members` order: holds the record lists `k0…kn` when some were read along. */
  memberRows: Row[];
}

/**
 * Select-list entry: the members of household `h` (ordered by id) as a JSON array, each with its
 * records of `kinds` as columns `k0…kn`.
 */
const membersJson = (h: string, kinds: readonly RecordKind[] = []) =>
  `coalesce((select json_agg(m) from (select ${personColumns('mp')}${recordListColumns(kinds, 'mp.id')} from core.person mp where mp.household_id = ${h}.id order by mp.id) m), '[]'::json) as members`;

const toHouseholdGraph = (r: Row): HouseholdGraph => ({ household: toHousehold(r), members: (r.members as Row[]).map(toPerson), memberRows: r.members as Row[] });

/** Households matching `where` (over alias `h`) with their members (ordered by id), in one statement. */
export async function selectHouseholdsWithMembers(em: EntityManager, where: (sql: SqlBuilder) => string): Promise<HouseholdGraph[]> {
  const sql = new SqlBuilder();
  const text = `select ${householdColumns('h')}, ${membersJson('h')} from core.household h where ${where(sql)}`;
  return (await queryPrepared<Row>(em, text, sql.params)).map(toHouseholdGraph);
}

/**
 * Persons matching `where` (over alias `p`), each with its household and the household's members,
 * in one statement: the first two levels of the person graph, plus every member's records of
 * `memberKinds` (a person with a household is one of its members). `graph` is null when the
 * person has no household or `householdWhere` (over alias `h`, e.g. the caller's region) excludes it.
 */
export async function selectPersonsWithHouseholdGraph(
  em: EntityManager,
  where: (sql: SqlBuilder) => string,
  householdWhere: (sql: SqlBuilder) => string,
  memberKinds: readonly RecordKind[] = [],
): Promise<Array<{ person: Person; graph: HouseholdGraph | null }>> {
  const sql = new SqlBuilder();
  // Built in text order: the household subquery's placeholders come before the person filter's.
  const graph = `(select row_to_json(g) from (select ${householdColumns('h')}, ${membersJson('h', memberKinds)} from core.household h where h.id = p.household_id${householdWhere(sql)}) g) as household_graph`;
  const text = `select ${personColumns('p')}, ${graph} from core.person p where ${where(sql)}`;
  return (await queryPrepared<Row>(em, text, sql.params)).map((r) => ({ person: toPerson(r), graph: r.household_graph ? toHouseholdGraph(r.household_graph as Row) : null }));
}
