import iconv from 'iconv-lite';
import { excelSerialToDate, parseBoolean, parseDate, parseEnum, parseMoney, parseText } from '../../src/ingest/field-parsers.js';
import { detectEncoding } from '../../src/ingest/sources/decode-text.js';
import { mapHeader, ImportFileError } from '../../src/ingest/sources/header-map.js';
import { validateRecord } from '../../src/ingest/validate-row.js';
import { civilAffairsIntake } from '../../src/departments/civil-affairs/civil-affairs.intake.js';
import { buildIdNumber } from '../../src/identity/id-number.js';
import { errorCodeOf } from '../support/error-code.js';

const codeOf = errorCodeOf;

describe('dates', () => {
  it.each([
    ['2024-03-01', '2024-03-01'],
    ['2024/3/1', '2024-03-01'],
    ['2024.3.1', '2024-03-01'],
    ['2024年3月1日', '2024-03-01'],
    ['20240301', '2024-03-01'],
    ['２０２４－０３－０１', '2024-03-01'],
    ['2024-03-01 08:30:00', '2024-03-01'],
    ['45352', '2024-03-01'],
  ])('reads %s as %s', (raw, iso) => expect(parseDate(raw)).toBe(iso));

  it('reads Excel serials in the 1900 system, honouring its phantom 1900-02-29', () => {
    expect(excelSerialToDate(1)).toBe('1900-01-01');
    expect(excelSerialToDate(59)).toBe('1900-02-28');
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(45352)).toBe('2024-03-01');
    expect(codeOf(() => excelSerialToDate(60))).toBe('BAD_DATE');
  });

  it('reads a date cell as its calendar day', () => expect(parseDate(new Date(Date.UTC(2024, 1, 29)))).toBe('2024-02-29'));

  it.each(['2024-02-30', '2023/2/29', 'yesterday', '2024-13-01'])('rejects %s', (raw) => expect(codeOf(() => parseDate(raw))).toBe('BAD_DATE'));
});

describe('other values', () => {
  it('reads money without floats and refuses three decimals or negatives', () => {
    expect(parseMoney('1,200.5')).toBe('1200.50');
    expect(parseMoney('¥560')).toBe('560.00');
    expect(parseMoney(0.1 + 0.2)).toBe('0.30');
    expect(codeOf(() => parseMoney('1.234'))).toBe('BAD_MONEY');
    expect(codeOf(() => parseMoney('-5'))).toBe('BAD_MONEY');
  });

  it('reads yes/no in Chinese and English', () => {
    expect([parseBoolean('是'), parseBoolean('否'), parseBoolean('TRUE'), parseBoolean('0')]).toEqual([true, false, true, false]);
    expect(codeOf(() => parseBoolean('maybe'))).toBe('BAD_BOOLEAN');
  });

  it('reads an enum by code in any case or by its Chinese label', () => {
    const values = { DIBAO: ['低保'], DIBAO_EDGE: ['低保边缘'] };
    expect([parseEnum('低保边缘', values), parseEnum('dibao', values), parseEnum('dibao-edge', values)]).toEqual(['DIBAO_EDGE', 'DIBAO', 'DIBAO_EDGE']);
    expect(codeOf(() => parseEnum('五保', values))).toBe('UNKNOWN_ENUM_VALUE');
  });

  it('keeps full-width punctuation in free text and refuses text too long for its column', () => {
    expect(parseText('  生活困难，需关注 ', 20)).toBe('生活困难，需关注');
    expect(codeOf(() => parseText('x'.repeat(21), 20))).toBe('TOO_LONG');
  });
});

describe('encoding detection', () => {
  const text = '来源记录号,身份证号,姓名\nA-1,11010519491231002X,王建国\n';
  it('takes a BOM or valid UTF-8 as UTF-8', () => {
    expect(detectEncoding(Buffer.from('\uFEFF' + text), true)).toBe('utf-8');
    expect(detectEncoding(Buffer.from(text), true)).toBe('utf-8');
  });
  it('takes Excel GBK output as GB18030', () => expect(detectEncoding(iconv.encode(text, 'gbk'), true)).toBe('gb18030'));
  it('does not mistake a UTF-8 character cut at the end of the sample for GBK', () => {
    const bytes = Buffer.from(text);
    expect(detectEncoding(bytes.subarray(0, 4), false)).toBe('utf-8');
  });
});

describe('header mapping', () => {
  const careVisit = civilAffairsIntake.find((k) => k.name === 'care-visit')!;
  it('maps Chinese, alias and English headers in any order, ignoring unknown columns', () => {
    const m = mapHeader(careVisit, ['身份证号（必填）', '* 姓名', 'SourceRecordId', '类型', 'visit_date', '村组']);
    expect(m.fields).toEqual(['idNumber', 'name', 'sourceRecordId', 'kind', 'visitDate', null]);
    expect(m.ignored).toEqual(['村组']);
  });
  it('stops on a missing required column or a column given twice', () => {
    expect(() => mapHeader(careVisit, ['身份证号', '姓名', '走访类型', '走访日期'])).toThrow(ImportFileError);
    expect(() => mapHeader(careVisit, ['来源记录号', '身份证号', '公民身份号码', '姓名', '走访类型', '走访日期'])).toThrow(/公民身份号码.*idNumber/);
  });
});

describe('record validation', () => {
  const enrolment = civilAffairsIntake.find((k) => k.name === 'assistance-enrolment')!;
  const id = buildIdNumber('410823', '1986-12-14', 455);
  const base = { sourceRecordId: 'A-1', idNumber: id, name: '王建国', program: '低保', status: '在保', startDate: '2024/3/1', monthlyAmount: '560' };

  it('normalises the ID number and notes stated sex and birth date that contradict it', () => {
    const outcome = validateRecord(enrolment, { ...base, idNumber: ` ${id.slice(0, 6)} ${id.slice(6).toLowerCase()}`, sex: '女', birthDate: '1986-12-15' }, 2);
    expect(outcome.ok && outcome.record.person).toEqual({ idNumber: id, name: '王建国', gender: 'MALE', birthDate: '1986-12-14' });
    expect(outcome.ok && outcome.record.contradictions.map((c) => c.kind)).toEqual(['SEX_MISMATCH', 'BIRTH_DATE_MISMATCH']);
  });

  it('lists every problem of a record, not only the first', () => {
    const outcome = validateRecord(enrolment, { ...base, idNumber: '12345', program: '五保', monthlyAmount: 'abc', startDate: '' }, 3);
    expect(!outcome.ok && outcome.rejection.errors.map((e) => [e.code, e.field])).toEqual([
      ['UNKNOWN_ENUM_VALUE', 'program'],
      ['REQUIRED', 'startDate'],
      ['BAD_MONEY', 'monthlyAmount'],
      ['ID_NUMBER_BAD_LENGTH', 'idNumber'],
    ]);
  });
});
