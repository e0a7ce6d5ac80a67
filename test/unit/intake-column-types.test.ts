import { parse, Kind, type InputObjectTypeDefinitionNode } from 'graphql';
import { parseMonth, parseRegionCode } from '../../src/ingest/field-parsers.js';
import { col, defineIntakeKind, month, personRef, recordRef, regionCode, text } from '../../src/contract/intake-kind.js';
import { allColumns, personIdentityColumns } from '../../src/ingest/identity-columns.js';
import { mapHeader } from '../../src/ingest/sources/header-map.js';
import { validateRecord } from '../../src/ingest/validate-row.js';
import { intakeSdl } from '../../src/ingest/intake-sdl.js';
import { headerMappingMarkdown } from '../../src/ingest/intake-docs.js';
import { buildIdNumber } from '../../src/identity/id-number.js';
import { errorCodeOf } from '../support/error-code.js';
import type { DepartmentModule } from '../../src/contract/department-module.js';

/** The generic reference and month column types, on a made-up kind so no department is assumed. */
const visit = defineIntakeKind({
  department: 'volunteer-service', dbSchema: 'volunteer_service', owner: 'person', name: 'visit', typeName: 'VolunteerVisit', title: 'Volunteer visit (志愿走访)', table: 'visit',
  identityHeaders: { sourceRecordId: ['走访编号'], idNumber: ['受访人身份证号', '受访人证件号'] },
  columns: [
    col('volunteerIdNumber', ['志愿者身份证号'], personRef, { required: true, column: 'volunteer_person_id' }),
    col('teamSourceRecordId', ['服务队编号'], recordRef('team'), { required: true, column: 'team_id' }),
    col('villageCode', ['村代码'], regionCode),
    col('month', ['走访月份'], month, { required: true }),
    col('notes', ['备注'], text(20)),
  ],
});
const codeOf = errorCodeOf;

describe('month columns', () => {
  it.each([
    ['2025-03', '2025-03-01'],
    ['2025/3', '2025-03-01'],
    ['2025.11', '2025-11-01'],
    ['2025年3月', '2025-03-01'],
    ['２０２５年１２月', '2025-12-01'],
    ['202503', '2025-03-01'],
    ['2025-03-17', '2025-03-01'],
    ['2025年3月17日', '2025-03-01'],
    ['45823', '2025-06-01'], // Excel serial of 2025-06-15
  ])('reads %s as %s', (raw, first) => expect(parseMonth(raw)).toBe(first));

  it('reads a date cell and an Excel number as their month', () => {
    expect(parseMonth(new Date(Date.UTC(2024, 1, 29)))).toBe('2024-02-01');
    expect(parseMonth(45823)).toBe('2025-06-01');
  });

  it('refuses a month 13, a bare year and words with BAD_MONTH', () => {
    for (const raw of ['2025-13', '2025年0月', '2025', '三月']) expect(codeOf(() => parseMonth(raw))).toBe('BAD_MONTH');
  });
});

describe('region code columns', () => {
  it('takes 12 digits, full-width too, and refuses anything else with BAD_REGION_CODE', () => {
    expect(parseRegionCode('410823101001')).toBe('410823101001');
    expect(parseRegionCode('４１０８２３１０１００１')).toBe('410823101001');
    expect(parseRegionCode(410823101001)).toBe('410823101001');
    for (const raw of ['4108231', '41082310100A', '4108231010011']) expect(codeOf(() => parseRegionCode(raw))).toBe('BAD_REGION_CODE');
  });
});

describe('reference columns in validation', () => {
  const volunteer = buildIdNumber('410823', '1990-05-17', 123);
  const owner = buildIdNumber('410823', '1960-01-02', 44);
  const raw = { sourceRecordId: 'V-1', idNumber: owner, name: '王五', volunteerIdNumber: volunteer.toLowerCase(), teamSourceRecordId: ' T-9 ', villageCode: '410823101001', month: '2025年3月' };

  it('keeps the canonical ID number and the trimmed sourceRecordId for set-based resolution', () => {
    const outcome = validateRecord(visit, raw, 2);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.rejection));
    expect(outcome.record.values).toEqual([volunteer, 'T-9', '410823101001', '2025-03-01', null]);
  });

  it('rejects a bad person reference with the ID-number code, naming the reference field', () => {
    const outcome = validateRecord(visit, { ...raw, volunteerIdNumber: volunteer.slice(0, 17) + '0', villageCode: '41' }, 2);
    expect(outcome.ok ? [] : outcome.rejection.errors.map((e) => [e.code, e.field])).toEqual([
      [expect.stringMatching(/^ID_NUMBER_/), 'volunteerIdNumber'],
      ['BAD_REGION_CODE', 'villageCode'],
    ]);
  });
});

describe('declaration, headers, SDL and docs', () => {
  const module = { code: 'volunteer-service', intake: [visit] } as unknown as DepartmentModule;

  it('stores references as bigint ids, regions as text and months as dates', () => {
    expect(visit.columns.map((c) => c.sqlType)).toEqual(['bigint', 'bigint', 'text', 'date', 'text']);
  });

  it("puts the kind's own identity headers first and keeps the generic ones as aliases", () => {
    const id = allColumns(visit).find((c) => c.field === 'idNumber')!;
    // The generic headers follow in their own order, whichever aliases identity-columns.ts lists.
    const generic = personIdentityColumns.find((c) => c.field === 'idNumber')!;
    expect([id.zh, ...id.aliases]).toEqual(['受访人身份证号', '受访人证件号', generic.zh, ...generic.aliases]);
    expect(generic.aliases).toContain('公民身份证号码');
    const mapping = mapHeader(visit, ['走访编号', '受访人证件号', '姓名', '志愿者身份证号', '服务队编号', '走访月份']);
    expect(mapping.fields).toEqual(['sourceRecordId', 'idNumber', 'name', 'volunteerIdNumber', 'teamSourceRecordId', 'month']);
  });

  it('refuses identity headers for a field that is not an identity column', () => {
    expect(() => defineIntakeKind({ ...visit, identityHeaders: { notes: ['x'] } })).toThrow(/not an identity column/);
  });

  it('derives nullable String inputs whose descriptions say how each reference resolves', () => {
    const doc = parse(intakeSdl([module]));
    const input = doc.definitions.find((d): d is InputObjectTypeDefinitionNode => d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.name.value === 'VolunteerVisitIntake')!;
    const fields = new Map(input.fields!.map((f) => [f.name.value, f]));
    for (const name of ['volunteerIdNumber', 'teamSourceRecordId', 'villageCode', 'month']) {
      expect(fields.get(name)!.type).toEqual(expect.objectContaining({ kind: Kind.NAMED_TYPE, name: expect.objectContaining({ value: 'String' }) }));
    }
    expect(fields.get('volunteerIdNumber')!.description!.value).toContain('REFERENCE_NOT_FOUND');
    expect(fields.get('teamSourceRecordId')!.description!.value).toContain('sourceRecordId of a team record');
    expect(fields.get('villageCode')!.description!.value).toContain('REGION_NOT_FOUND');
    expect(fields.get('month')!.description!.value).toContain('2025年3月');
  });

  it('documents each new type in the header table', () => {
    const md = headerMappingMarkdown([module]);
    expect(md).toContain('| 志愿者身份证号 | `volunteerIdNumber` | yes | ID number of a known person |');
    expect(md).toContain('| 服务队编号 | `teamSourceRecordId` | yes | sourceRecordId of a `team` record |');
    expect(md).toContain('| 村代码 | `villageCode` |  | division code, 12 digits, known |');
    expect(md).toContain('| 走访月份 | `month` | yes | month (2025-03, 2025年3月, a date) |');
    expect(md).toContain('| 走访编号 / 来源记录号 / 记录编号 / 业务编号 | `sourceRecordId` | yes |');
  });
});
