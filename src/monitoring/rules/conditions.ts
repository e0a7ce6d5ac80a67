/** SQL conditions several rules share. `asOf` is a SQL date expression. */

/** A benefit row (enrolment or subsidy) paying on `asOf`. */
export function payingOn(alias: string, asOf: string): string {
  return `${alias}.status = 'ACTIVE' and ${alias}.start_date <= ${asOf} and (${alias}.end_date is null or ${alias}.end_date >= ${asOf})`;
}

/** A dated registration (care target, certificate, pairing) in force on `asOf`. */
export function inForceOn(alias: string, endColumn: string, asOf: string): string {
  return `(${alias}.${endColumn} is null or ${alias}.${endColumn} >= ${asOf})`;
}

/** The person is alive as far as the hub knows (no date of death on the person). */
export function alive(person: string): string {
  return `${person}.deceased_date is null`;
}

/** Age in whole years on `asOf` is below `years` (a SQL expression). */
export function youngerThan(person: string, years: string, asOf: string): string {
  return `${person}.birth_date > ${asOf} - make_interval(years => (${years})::int)`;
}
