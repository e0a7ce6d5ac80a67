import { text } from './sql-literals.js';

export interface EvidenceColumns {
  department: string;
  /** Schema coordinate or type name the value comes from; it decides who may see the item. */
  field: string;
  /** Bilingual label, e.g. `个人自付 out of pocket`. */
  label: string;
  /** SQL expression of the value (cast to text by this helper). */
  value: string;
  /** SQL expression of the person's id, when the value is about one person. */
  personId?: string;
  /** SQL expression of the source record's id. */
  recordId?: string;
  /** Extra scopes (SQL expression of a jsonb array of arrays). */
  requires?: string;
}

/** SQL building one evidence item (`EvidenceItem`) as a jsonb object. */
export function evidenceItem(c: EvidenceColumns): string {
  const parts = [
    `'department', ${text(c.department)}`,
    `'field', ${text(c.field)}`,
    `'label', ${text(c.label)}`,
    `'value', (${c.value})::text`,
    `'personId', ${c.personId ? `(${c.personId})::text` : 'null'}`,
    `'recordId', ${c.recordId ? `(${c.recordId})::text` : 'null'}`,
  ];
  if (c.requires) parts.push(`'requires', ${c.requires}`);
  return `jsonb_build_object(${parts.join(', ')})`;
}

/** SQL of a jsonb array of evidence items. */
export function evidenceArray(items: EvidenceColumns[]): string {
  return `jsonb_build_array(${items.map(evidenceItem).join(', ')})`;
}
