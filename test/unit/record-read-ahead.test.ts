import { createRecordLoader, primeRecords, readRecords } from '../../src/core/loaders/record.loader.js';
import type { RecordKind } from '../../src/contract/department-module.js';

const enrolments: RecordKind = { schema: 'civil_affairs', table: 'assistance_enrolment', owner: 'person', orderBy: 'start_date desc, id' };
const conditions: RecordKind = { schema: 'health', table: 'condition', owner: 'person', orderBy: 'diagnosed_date desc, id' };
const raw = (id: number) => ({ id, person_id: 7, start_date: '2024-01-01', source_department: 'civil-affairs', source_record_id: `E-${id}`, created_at: 't', updated_at: 't', version: 1 });

it('answers read-ahead lists synchronously, as API rows, and leaves other keys to the batched loader', async () => {
  const loader = createRecordLoader({} as never); // any database access would fail: none may happen for read-ahead keys
  primeRecords(loader, [enrolments, conditions], '7', { k0: [raw(1), raw(2)], k1: [] });
  const listed = readRecords(loader, { kind: enrolments, ownerId: '7' });
  expect(Array.isArray(listed)).toBe(true);
  expect((listed as any[]).map((r) => [r.id, r.startDate, r.provenance.sourceRecordId])).toEqual([['1', '2024-01-01', 'E-1'], ['2', '2024-01-01', 'E-2']]);
  expect(readRecords(loader, { kind: conditions, ownerId: '7' })).toEqual([]);
  const other = readRecords(loader, { kind: enrolments, ownerId: '8' });
  expect(other).toBeInstanceOf(Promise);
  await expect(other).rejects.toThrow();
});

it('keeps read-ahead lists per loader: another request does not see them', () => {
  const first = createRecordLoader({} as never);
  const second = createRecordLoader({} as never);
  primeRecords(first, [enrolments], '7', { k0: [raw(1)] });
  const fromSecond = readRecords(second, { kind: enrolments, ownerId: '7' });
  expect(fromSecond).toBeInstanceOf(Promise);
  (fromSecond as Promise<unknown>).catch(() => {});
});
