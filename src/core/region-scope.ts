/**
 * MikroORM conditions confining rows to a caller's region (a division-code prefix). Anything
 * outside is simply not found, like something that does not exist.
 */
export function householdInRegion(regionPrefix: string | null) {
  return regionPrefix == null ? {} : { regionCode: { $like: `${regionPrefix}%` } };
}

/** A person is in the region through its household; persons without one are in no region. */
export function personInRegion(regionPrefix: string | null) {
  return regionPrefix == null ? {} : { household: householdInRegion(regionPrefix) };
}
