/**
 * Unique, valid resident ID numbers for the demo population: the county's address code, the
 * person's birth date and a sequence whose parity matches the gender (odd = male).
 */
import { buildIdNumber } from '../identity/id-number.js';
import { addYears, formatDay, REFERENCE_DAY } from './dates.js';
import type { Rng } from './prng.js';

export class IdNumberAllocator {
  private readonly used = new Set<number>();

  constructor(private readonly countyCode: string) {}

  /**
   * A fresh ID number for someone born on `birthDay`.
   * @throws when all 500 sequences of that gender on that day are taken (needs ~10⁷ persons)
   */
  allocate(rng: Rng, birthDay: number, gender: 'MALE' | 'FEMALE'): string {
    // Offset keeps keys positive for births before 1970 (negative day numbers).
    const base = (birthDay + 200_000) * 1000;
    for (let attempt = 0; attempt < 2000; attempt++) {
      const sequence = gender === 'MALE' ? 2 * rng.int(0, 499) + 1 : 2 * rng.int(1, 499);
      if (this.used.has(base + sequence)) continue;
      this.used.add(base + sequence);
      return buildIdNumber(this.countyCode, formatDay(birthDay), sequence);
    }
    throw new Error(`No free ID-number sequence left for births on ${formatDay(birthDay)}`);
  }
}

/** A birth day for someone exactly `age` whole years old on the reference date. */
export function birthDayForAge(rng: Rng, age: number): number {
  const latest = addYears(REFERENCE_DAY, -age);
  const earliest = addYears(REFERENCE_DAY, -(age + 1)) + 1;
  return rng.int(earliest, latest);
}
