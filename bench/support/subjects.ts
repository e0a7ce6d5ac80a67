import type pg from 'pg';
import { fieldEncryption } from '../../src/crypto/field-encryption.js';
import { PERSON_ID_NUMBER } from '../../src/crypto/encrypted-columns.js';

/**
 * The subjects of Q1 and Q2, picked deterministically from the dataset: Q1's person is the
 * lowest-id one in a household of 4+ members with records in four departments; Q2's township is
 * the one with the most households.
 */
export async function pickComparisonSubjects(client: pg.Client): Promise<{ q1IdNumber: string; township: string }> {
  const q1 = await client.query<{ id_number: string }>(`
    select p.id_number from core.person p where p.household_id in (select household_id from core.person group by household_id having count(*) >= 4)
      and exists (select 1 from civil_affairs.assistance_enrolment e where e.person_id = p.id)
      and exists (select 1 from disability.certificate c where c.person_id = p.id)
      and exists (select 1 from health.condition c where c.person_id = p.id)
      and exists (select 1 from health.family_doctor_contract c where c.person_id = p.id)
    order by p.id limit 1`);
  const township = await client.query<{ t: string }>(`select substr(region_code, 1, 9) t from core.household group by 1 order by count(*) desc, 1 limit 1`);
  return { q1IdNumber: fieldEncryption().open(PERSON_ID_NUMBER, q1.rows[0]!.id_number)!, township: township.rows[0]!.t };
}
