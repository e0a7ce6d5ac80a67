import { buildRawSchema } from '../../src/server/schema.js';
import { departments } from '../../src/departments/registry.js';
import { sourceRequirement, visibleBySource } from '../../src/auth/derived-access.js';

const schema = buildRawSchema(departments);
const items = [
  { field: 'MedicalExpense.outOfPocket' },
  { field: 'HealthCondition.name' },
  { field: 'HouseholdFinance.income' },
  { field: 'Person.idNumber' },
  { field: 'NoSuchType.field' },
  { field: 'Warning.rule', requires: [['disability:read']] },
];
const visibleTo = (scopes: string[]) =>
  visibleBySource(schema, new Set(scopes), items, (i) => ({ source: i.field, requires: i.requires })).visible.map((i) => i.field);

describe('copied values are shown like the field they came from', () => {
  test('a health value needs health:read; a diagnosis also health:clinical', () => {
    expect(visibleTo(['health:read', 'warnings:read'])).toEqual(['MedicalExpense.outOfPocket']);
    expect(visibleTo(['health:read', 'health:clinical'])).toEqual(['MedicalExpense.outOfPocket', 'HealthCondition.name']);
  });

  test('a sensitive field copied out needs its unmask scopes, since a copy cannot be masked', () => {
    expect(visibleTo(['person:read'])).not.toContain('Person.idNumber');
    expect(visibleTo(['person:read', 'person:identify'])).toContain('Person.idNumber');
  });

  test('extra scopes on an item add to its field’s, and an unknown source is never shown', () => {
    expect(visibleTo(['warnings:read'])).toEqual([]);
    expect(visibleTo(['warnings:read', 'disability:read'])).toEqual(['Warning.rule']);
    expect(sourceRequirement(schema, 'NoSuchType.field').known).toBe(false);
    expect(visibleTo(['admin', 'health:read', 'health:clinical', 'civil-affairs:read', 'person:read', 'person:identify', 'warnings:read', 'disability:read'])).not.toContain('NoSuchType.field');
  });

  test('a bare type name stands for its records: an event from a HealthCondition needs clinical scope', () => {
    expect(sourceRequirement(schema, 'HealthCondition')).toEqual({ known: true, requirement: [['health:read', 'health:clinical']] });
    expect(sourceRequirement(schema, 'AssistanceEnrolment')).toEqual({ known: true, requirement: [['civil-affairs:read']] });
  });
});
