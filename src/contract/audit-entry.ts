/** One disclosure of an unmasked sensitive value; the value itself is never stored. */
export interface AuditEntry {
  personId: string | null;
  householdId: string | null;
  /** Field coordinate, e.g. `Person.idNumber`. */
  field: string;
}
