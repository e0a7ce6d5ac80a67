import type pg from 'pg';
import type { IntakeKind } from './intake-kind.js';
import type { ValidRecord } from './validate-row.js';
import type { RecordResult } from './upsert-batch.js';

/**
 * Region scope for writers confined to a division prefix: a record is theirs to write only when
 * its household — the person's current one, else the one the record names, else the county of
 * the ID number (where a new household would go) — lies in their region. Checked before anything
 * is created, with two reads; records outside are rejected OUT_OF_REGION.
 */
export async function outsideRegion(client: pg.ClientBase, kind: IntakeKind, records: readonly ValidRecord[], prefix: string): Promise<RecordResult[]> {
  const idNumbers = [...new Set(records.flatMap((r) => (r.person ? [r.person.idNumber] : [])))];
  const numbers = [...new Set(records.flatMap((r) => (r.householdNumber ? [r.householdNumber] : [])))];
  const [persons, households] = await Promise.all([
    client.query<{ id_number: string; region_code: string | null }>(
      `select p.id_number, h.region_code from core.person p left join core.household h on h.id = p.household_id where p.id_number = any($1::text[])`,
      [idNumbers],
    ),
    client.query<{ household_number: string; region_code: string }>(`select household_number, region_code from core.household where household_number = any($1::text[])`, [numbers]),
  ]);
  const personRegion = new Map(persons.rows.map((r) => [r.id_number, r.region_code]));
  const householdRegion = new Map(households.rows.map((r) => [r.household_number, r.region_code]));
  const rejected: RecordResult[] = [];
  for (const r of records) {
    const region =
      (r.person && personRegion.get(r.person.idNumber)) ??
      (r.householdNumber ? householdRegion.get(r.householdNumber) : undefined) ??
      (kind.owner === 'person' && r.person ? `${r.person.idNumber.slice(0, 6)}000000` : null);
    if (region?.startsWith(prefix)) continue;
    rejected.push({
      rowNumber: r.rowNumber,
      sourceRecordId: r.sourceRecordId,
      status: 'REJECTED',
      errors: [{ code: 'OUT_OF_REGION', field: r.householdNumber ? 'householdNumber' : 'idNumber', message: `the record's household is outside your region ${prefix}` }],
    });
  }
  return rejected;
}
