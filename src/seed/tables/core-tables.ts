/**
 * Rows of core.household, core.person and core.person_link; identifying fields sealed (src/crypto/). Households come first in load order:
 * persons reference them, and `head_id` is a plain column (head and household point at each other).
 */
import { formatDay } from '../dates.js';
import { defineTable } from '../table-spec.js';
import type { TableSpec } from '../../contract/seed-table.js';
import type { World } from '../world-types.js';
import { fieldEncryption } from '../../crypto/field-encryption.js';
import { HOUSEHOLD_ADDRESS, PERSON_ADDRESS, PERSON_ID_NUMBER, PERSON_PHONE } from '../../crypto/encrypted-columns.js';

const day = (d: number | null) => (d === null ? null : formatDay(d));

/** The three core tables, in load order. */
export function coreTables(world: World): TableSpec[] {
  const household = defineTable(
    world,
    'core.household',
    ['id', 'household_number', 'region_code', 'address', 'head_id', 'registered_poor', 'registered_poor_year', 'monitoring_status', 'consent_date'],
    function* () {
      const encryption = fieldEncryption();
      for (const h of world.households) {
        yield [h.index + 1, h.number, h.village.code, encryption.seal(HOUSEHOLD_ADDRESS, h.address), h.head + 1, h.registeredPoorYear !== null, h.registeredPoorYear, h.status, day(h.consentDay)];
      }
    },
  );
  const person = defineTable(
    world,
    'core.person',
    ['id', 'id_number', 'id_number_bidx', 'id_number_county', 'name', 'gender', 'birth_date', 'ethnicity', 'phone', 'address', 'household_id', 'relation_to_head', 'labour_ability', 'self_care_ability', 'deceased_date'],
    function* () {
      // Sealed on the way in (one cipher object per key, reused for every value: src/crypto/sm4-ctr.ts).
      const encryption = fieldEncryption();
      for (const p of world.persons) {
        const h = world.households[p.household]!;
        yield [
          p.index + 1,
          encryption.seal(PERSON_ID_NUMBER, p.idNumber),
          encryption.idNumberIndex(p.idNumber),
          p.idNumber.slice(0, 6),
          p.name,
          p.gender,
          formatDay(p.birthDay),
          p.ethnicity,
          encryption.seal(PERSON_PHONE, p.phone),
          encryption.seal(PERSON_ADDRESS, h.address),
          h.index + 1,
          p.relation,
          p.labourAbility,
          p.selfCareAbility,
          day(p.deathDay),
        ];
      }
    },
  );
  const personLink = defineTable(
    world,
    'core.person_link',
    ['id', 'from_person_id', 'to_person_id', 'kind', 'source_department', 'start_date', 'end_date'],
    function* () {
      let id = 0;
      for (const l of world.links) yield [++id, l.from + 1, l.to + 1, l.kind, l.department, day(l.startDay), day(l.endDay)];
    },
  );
  return [household, person, personLink];
}
