import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '../../src/db/orm.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Migration20261130000000_audit_fields_per_subject, run for real: a database migrated up to the
 * one before it holds one-field audit rows; up turns each into a row with `fields = array[field]`
 * (same id, nothing merged), down turns every row back into one row per field.
 */
const BEFORE = 'Migration20261129000000_person_region_code';
const MIGRATION = 'Migration20261130000000_audit_fields_per_subject';

let db: TestDatabase;
let orm: MikroORM;
let client: pg.Client;
beforeAll(async () => {
  db = await createTestDatabase();
  orm = await initOrm({ url: db.url, departments: [] });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await orm?.close();
  await db?.drop();
});

const sql = async (text: string, params?: unknown[]) => (await client.query(text, params)).rows;
const columns = () =>
  sql(`select attname as name, format_type(atttypid, atttypmod) as type, attnotnull as "notNull" from pg_attribute
       where attrelid = 'core.audit_event'::regclass and attname in ('field', 'fields') and not attisdropped`);
const indexes = () => sql(`select indexname, indexdef from pg_indexes where schemaname = 'core' and tablename = 'audit_event' order by 1`);
const oneField = (requestId: string, personId: number | null, householdId: number | null, field: string, at: string) =>
  sql(
    `insert into core.audit_event (at, request_id, caller_id, caller_name, purpose, operation_name, person_id, household_id, field)
     values ($1, $2, 'caller:1', 'civil-affairs@all', 'CASE_MANAGEMENT', 'Lookup', $3, $4, $5)`,
    [at, requestId, personId, householdId, field],
  );

it('turns each one-field row into a row with that field in `fields`, keeping ids, then back into one row per field', async () => {
  await orm.getMigrator().up({ to: BEFORE });
  await oneField('r1', 1, null, 'Person.idNumber', '2026-11-01T08:00:00Z');
  await oneField('r1', 1, null, 'Person.name', '2026-11-01T08:00:00Z');
  await oneField('r1', null, 2, 'Household.address', '2026-11-01T08:00:00Z');
  await oneField('r2', 1, null, 'Person.name', '2026-11-02T08:00:00Z');
  const before = await sql(`select id::text, field from core.audit_event order by audit_event.id`);
  const indexesBefore = await indexes();

  await orm.getMigrator().up(MIGRATION);
  // Same ids, same order, each old field now a one-element array; nothing merged.
  expect(await sql(`select id::text, fields from core.audit_event order by audit_event.id`)).toEqual(before.map((r) => ({ id: r.id, fields: [r.field] })));
  expect(await columns()).toEqual([{ name: 'fields', type: 'character varying(100)[]', notNull: true }]);
  expect(await indexes()).toEqual(indexesBefore);
  expect(indexesBefore.map((i) => i.indexdef)).toEqual(
    expect.arrayContaining([expect.stringContaining('(caller_id, at)'), expect.stringContaining('(person_id, at)')]),
  );
  // The element width holds as the old column's did.
  await expect(sql(`update core.audit_event set fields = array[repeat('x', 101)]`)).rejects.toThrow(/too long/);

  // A row of the new shape: one request, one subject, two fields.
  await sql(
    `insert into core.audit_event (at, request_id, caller_id, caller_name, person_id, fields)
     values ('2026-11-03T08:00:00Z', 'r3', 'caller:2', 'health@all', 3, array['Person.idNumber', 'Person.phone'])`,
  );
  const migrated = await sql(`select request_id, at from core.audit_event order by id`);

  await orm.getMigrator().down(MIGRATION);
  expect(await columns()).toEqual([{ name: 'field', type: 'character varying(100)', notNull: true }]);
  expect(await indexes()).toEqual(indexesBefore);
  const unnested = await sql(`select id::text, request_id, caller_name, person_id::text, household_id::text, field, at from core.audit_event order by audit_event.id`);
  // One row per field, in the order the rows and their fields were written; the row's values on each.
  expect(unnested.map((r) => [r.request_id, r.person_id, r.household_id, r.field])).toEqual([
    ['r1', '1', null, 'Person.idNumber'],
    ['r1', '1', null, 'Person.name'],
    ['r1', null, '2', 'Household.address'],
    ['r2', '1', null, 'Person.name'],
    ['r3', '3', null, 'Person.idNumber'],
    ['r3', '3', null, 'Person.phone'],
  ]);
  expect(unnested.slice(4).map((r) => [r.caller_name, r.at.toISOString()])).toEqual([
    ['health@all', '2026-11-03T08:00:00.000Z'],
    ['health@all', '2026-11-03T08:00:00.000Z'],
  ]);
  expect(unnested.map((r) => r.at.toISOString())).toEqual(migrated.flatMap((r) => (r.request_id === 'r3' ? [r.at, r.at] : [r.at])).map((d) => d.toISOString()));
  expect(new Set(unnested.map((r) => r.id)).size).toBe(6);

  // And up again: the round trip ends in one-field rows.
  await orm.getMigrator().up(MIGRATION);
  expect((await sql(`select fields from core.audit_event order by id`)).map((r) => r.fields)).toEqual(unnested.map((r) => [r.field]));
});
