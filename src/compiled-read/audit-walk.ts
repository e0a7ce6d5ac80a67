import type { AuditEntry } from '../contract/audit-entry.js';
import type { SubjectKind } from './relations.js';

/**
 * Where a compiled read's response discloses sensitive values: per object, the keys holding them
 * and the key naming whom the object is about; children lead to nested objects and lists. Only
 * branches that disclose something are walked.
 */
export interface AuditWalk {
  subject: SubjectKind;
  sensitive: Array<{ key: string; coordinate: string }>;
  children: Array<{ key: string; walk: AuditWalk }>;
  /** Person or household: the key holding its id. */
  idKey?: string;
  /** Record: the keys holding its `person_id` / `household_id`. */
  personKey?: string;
  householdKey?: string;
  /** Keys the plan added only for this walk, removed from the response as it goes. */
  hidden: string[];
}

type Json = Record<string, unknown>;

/** Who `row` is about, as the access wrapper records it for the same field. */
function subjectOf(walk: AuditWalk, row: Json): Omit<AuditEntry, 'field'> {
  const text = (key: string | undefined) => (key != null && row[key] != null ? String(row[key]) : null);
  if (walk.subject === 'person') return { personId: text(walk.idKey), householdId: null };
  if (walk.subject === 'household') return { personId: null, householdId: text(walk.idKey) };
  return { personId: text(walk.personKey), householdId: text(walk.householdKey) };
}

/**
 * Pushes onto `out` one entry per non-null sensitive value in `value` (a row, a list of rows or
 * null) — what the access wrapper pushes when the resolver path returns the same value — and
 * removes the plan's hidden keys.
 */
export function collectDisclosures(value: unknown, walk: AuditWalk, out: AuditEntry[]): void {
  if (value == null) return;
  if (Array.isArray(value)) {
    for (const item of value) collectDisclosures(item, walk, out);
    return;
  }
  const row = value as Json;
  if (walk.sensitive.length > 0) {
    const subject = subjectOf(walk, row);
    for (const { key, coordinate } of walk.sensitive) if (row[key] != null) out.push({ ...subject, field: coordinate });
  }
  for (const child of walk.children) collectDisclosures(row[child.key], child.walk, out);
  for (const key of walk.hidden) delete row[key];
}
