/**
 * Calendar arithmetic on integer day numbers (days since 1970-01-01, UTC). The generator handles
 * millions of dates; integers are cheap, exact and never depend on the machine's time zone.
 */

/** Fixed "today" of the demo data: ages, terms and "the last 12 months" are relative to it. */
export const REFERENCE_DATE = '2026-11-01';

/** Day number of a calendar date (Howard Hinnant's days_from_civil). */
export function dayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month, day of a day number (civil_from_days). */
export function civilOf(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Day number of a 'YYYY-MM-DD' string. */
export function parseDay(iso: string): number {
  return dayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

/** 'YYYY-MM-DD' of a day number. */
export function formatDay(dayNumber: number): string {
  const [y, m, d] = civilOf(dayNumber);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export const REFERENCE_DAY = parseDay(REFERENCE_DATE);
export const REFERENCE_YEAR = civilOf(REFERENCE_DAY)[0];

/** Whole years between a birth day and another day (birthdays counted on the day). */
export function ageAt(birthDay: number, onDay: number): number {
  const [by, bm, bd] = civilOf(birthDay);
  const [y, m, d] = civilOf(onDay);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function yearOf(dayNumber: number): number {
  return civilOf(dayNumber)[0];
}

/** First day of the month after the given day: benefits stop at a month boundary. */
export function nextMonthStart(dayNumber: number): number {
  const [y, m] = civilOf(dayNumber);
  return m === 12 ? dayOf(y + 1, 1, 1) : dayOf(y, m + 1, 1);
}

/** Adds whole years, clamping 29 February to the 28th. */
export function addYears(dayNumber: number, years: number): number {
  const [y, m, d] = civilOf(dayNumber);
  return dayOf(y + years, m, m === 2 && d === 29 ? 28 : d);
}

/** A provenance timestamp: 'YYYY-MM-DD HH:MM:SS+08' during office hours (China Standard Time). */
export function formatTimestamp(dayNumber: number, secondsIntoDay: number): string {
  const s = Math.max(0, Math.min(86399, Math.floor(secondsIntoDay)));
  return `${formatDay(dayNumber)} ${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}+08`;
}
