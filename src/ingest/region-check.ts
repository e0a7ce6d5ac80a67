import type pg from 'pg';
import type { IntakeKind } from '../contract/intake-kind.js';
import type { ValidRecord } from './validate-row.js';
import type { RecordResult } from './record-outcome.js';
import type { RowScope } from '../auth/row-scope.js';
import { fieldEncryption } from '../crypto/field-encryption.js';

/**
 * Region scope for writers confined to a division prefix: they write only about what they can
 * read. A person record is theirs when its person is already registered in a household in their
 * region (`core.person.region_code`, the code reads are scoped by) and the household it names, if
 * any, exists there too; a household record when its household lies there.
 *
 * A write must never bring a person into the writer's scope: otherwise attaching a person from
 * elsewhere (or one without a household) to a household of the writer's own township would reveal
 * their name and every department's records. Creating a person is refused too, because telling
 * "unknown, created" from "known elsewhere, refused" would let a writer probe which ID numbers the
 * hub holds. Persons enter the hub, and change household, through writers without a region.
 *
 * Checked before anything is created, with two reads. Every refusal is the same OUT_OF_REGION
 * with a message that depends only on the record as sent, never on what the hub holds.
 */
export async function outsideRegion(client: pg.ClientBase, kind: IntakeKind, records: readonly ValidRecord[], rows: RowScope): Promise<RecordResult[]> {
  const idNumbers = [...new Set(records.flatMap((r) => (r.person ? [r.person.idNumber] : [])))];
  const numbers = [...new Set(records.flatMap((r) => (r.householdNumber ? [r.householdNumber] : [])))];
  // ID numbers are stored encrypted: persons are found by the numbers' blind indexes.
  const encryption = fieldEncryption();
  const indexOf = new Map(idNumbers.map((n) => [encryption.idNumberIndex(n), n]));
  const [persons, households] = await Promise.all([
    client.query<{ id_number_bidx: string; region_code: string | null }>(`select id_number_bidx, region_code from core.person where id_number_bidx = any($1::text[])`, [[...indexOf.keys()]]),
    client.query<{ household_number: string; region_code: string }>(`select household_number, region_code from core.household where household_number = any($1::text[])`, [numbers]),
  ]);
  // A person without a household has no code: it lies in no region.
  const personRegion = new Map(persons.rows.map((r) => [indexOf.get(r.id_number_bidx)!, r.region_code]));
  const householdRegion = new Map(households.rows.map((r) => [r.household_number, r.region_code]));
  const rejected: RecordResult[] = [];
  for (const r of records) {
    const field =
      kind.owner === 'person' && !(r.person && rows.includes(personRegion.get(r.person.idNumber)))
        ? 'idNumber'
        : (kind.owner === 'household' || r.householdNumber) && !(r.householdNumber && rows.includes(householdRegion.get(r.householdNumber)))
          ? 'householdNumber'
          : null;
    if (field === null) continue;
    const what = field === 'idNumber' ? '没有登记在户的此身份证号人员' : '没有此户号的家庭';
    rejected.push({
      rowNumber: r.rowNumber,
      sourceRecordId: r.sourceRecordId,
      status: 'REJECTED',
      errors: [{ code: 'OUT_OF_REGION', field, message: `您的辖区 ${rows.boundPrefix} 内${what}` }],
    });
  }
  return rejected;
}
