import type pg from 'pg';
import type { ValidRecord } from './validate-row.js';
import { fieldEncryption } from '../crypto/field-encryption.js';
import { PERSON_ID_NUMBER } from '../crypto/encrypted-columns.js';

/**
 * Identity resolution of one batch, set-based: the persons its records name by ID number (found or
 * created with sex and birth date from the number), their households by number (户号), and the
 * contradictions found on the way, raised later as data-quality issues.
 */

export interface PersonRow {
  id: string;
  id_number: string;
  name: string;
  household_id: string | null;
  household_number: string | null;
}

export interface Issue {
  kind: string;
  personId: string | null;
  sourceRecordId: string;
  stated: string;
  stored: string | null;
}

/** A person row as SQL returns it, keyed by blind index: the plaintext number comes from the batch. */
type IndexedPersonRow = Omit<PersonRow, 'id_number'> & { id_number_bidx: string };

/**
 * Finds or creates every person the batch names, in three statements at most. ID numbers are
 * stored encrypted: persons are matched on the number's blind index, and only the numbers of
 * persons not yet held are sealed (an SM4 seal costs ~10 µs; a county's files name the same
 * persons again and again). The map is keyed by the plaintext number, as the records give it.
 */
export async function resolvePersons(client: pg.ClientBase, records: readonly ValidRecord[]): Promise<Map<string, PersonRow>> {
  const first = new Map<string, NonNullable<ValidRecord['person']>>();
  for (const r of records) if (r.person && !first.has(r.person.idNumber)) first.set(r.person.idNumber, r.person);
  const people = [...first.values()];
  const encryption = fieldEncryption();
  const indexes = people.map((p) => encryption.idNumberIndex(p.idNumber));
  const idNumberOf = new Map(indexes.map((index, i) => [index, people[i]!.idNumber]));
  const byId = new Map<string, PersonRow>();
  const keep = (rows: ReadonlyArray<IndexedPersonRow>) => {
    for (const { id_number_bidx, ...r } of rows) byId.set(idNumberOf.get(id_number_bidx)!, { ...r, id_number: idNumberOf.get(id_number_bidx)! });
  };
  keep(await personsByIndex(client, indexes));
  const fresh = people.flatMap((person, i) => (byId.has(person.idNumber) ? [] : [{ ...person, index: indexes[i]! }]));
  if (fresh.length === 0) return byId;
  const { rows } = await client.query<IndexedPersonRow>(
    `insert into core.person (id_number_bidx, id_number, id_number_county, name, gender, birth_date)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[])
     on conflict (id_number_bidx) do nothing
     returning id::text, id_number_bidx, name, null::text as household_id, null::text as household_number`,
    [
      fresh.map((p) => p.index),
      fresh.map((p) => encryption.seal(PERSON_ID_NUMBER, p.idNumber)),
      fresh.map((p) => p.idNumber.slice(0, 6)),
      fresh.map((p) => p.name),
      fresh.map((p) => p.gender),
      fresh.map((p) => p.birthDate),
    ],
  );
  keep(rows);
  // Created by a concurrent import after the first statement's snapshot: visible now.
  const missing = fresh.filter((p) => !byId.has(p.idNumber)).map((p) => p.index);
  if (missing.length > 0) keep(await personsByIndex(client, missing));
  return byId;
}

function personsByIndex(client: pg.ClientBase, indexes: readonly string[]) {
  return client
    .query<IndexedPersonRow>(
      `select p.id::text, p.id_number_bidx, p.name, p.household_id::text, h.household_number
         from core.person p left join core.household h on h.id = p.household_id where p.id_number_bidx = any($1::text[])`,
      [indexes],
    )
    .then((r) => r.rows);
}

/** Household ids by number; person records may create a missing household, household records may not. */
export async function resolveHouseholds(client: pg.ClientBase, records: readonly ValidRecord[], create: boolean): Promise<Map<string, string>> {
  const regionOf = new Map<string, string>();
  for (const r of records) {
    if (r.householdNumber && !regionOf.has(r.householdNumber)) regionOf.set(r.householdNumber, `${(r.person?.idNumber ?? '').slice(0, 6)}000000`);
  }
  if (regionOf.size === 0) return new Map();
  const numbers = [...regionOf.keys()];
  const { rows } = create
    ? await client.query<{ id: string; household_number: string }>(
        `with input as (select * from unnest($1::text[], $2::text[]) as i(household_number, region_code)),
         created as (insert into core.household (household_number, region_code) select household_number, region_code from input
                     on conflict (household_number) do nothing returning id, household_number)
         select id::text, household_number from created
         union all select h.id::text, h.household_number from core.household h join input i on i.household_number = h.household_number`,
        [numbers, numbers.map((n) => regionOf.get(n)!)],
      )
    : await client.query<{ id: string; household_number: string }>(
        `select id::text, household_number from core.household where household_number = any($1::text[])`,
        [numbers],
      );
  return new Map(rows.map((r) => [r.household_number, r.id]));
}

/** Puts persons without a household into the one their record names; a different one is an issue. */
export async function linkHouseholds(
  client: pg.ClientBase,
  records: readonly ValidRecord[],
  persons: Map<string, PersonRow>,
  households: Map<string, string>,
  issues: Issue[],
): Promise<void> {
  const links = new Map<string, { householdId: string; relation: string | null }>();
  for (const r of records) {
    if (!r.person || !r.householdNumber) continue;
    const person = persons.get(r.person.idNumber)!;
    const householdId = households.get(r.householdNumber)!;
    if (person.household_id == null) {
      if (!links.has(person.id)) links.set(person.id, { householdId, relation: r.relationToHead });
    } else if (person.household_id !== householdId) {
      issues.push({ kind: 'HOUSEHOLD_MISMATCH', personId: person.id, sourceRecordId: r.sourceRecordId, stated: r.householdNumber, stored: person.household_number });
    }
  }
  if (links.size === 0) return;
  const entries = [...links.entries()];
  await client.query(
    `update core.person p set household_id = u.household_id, relation_to_head = coalesce(u.relation, p.relation_to_head), updated_at = now()
       from unnest($1::bigint[], $2::bigint[], $3::text[]) as u(person_id, household_id, relation)
      where p.id = u.person_id and p.household_id is null`,
    [entries.map(([id]) => id), entries.map(([, l]) => l.householdId), entries.map(([, l]) => l.relation)],
  );
}
