import { parseMoney } from '../../src/ingest/field-parsers.js';
import { formatChinaTime, parseDateTime } from '../../src/ingest/china-time.js';
import { placeReason } from '../../src/ingest/intake-reasons.js';
import { validateRecord } from '../../src/ingest/validate-row.js';
import type { RecordError } from '../../src/ingest/record-outcome.js';
import { civilAffairsIntake } from '../../src/departments/civil-affairs/civil-affairs.intake.js';
import { buildIdNumber } from '../../src/identity/id-number.js';
import { errorCodeOf } from '../support/error-code.js';

const careVisit = civilAffairsIntake.find((k) => k.name === 'care-visit')!;
const enrolment = civilAffairsIntake.find((k) => k.name === 'assistance-enrolment')!;
const id = buildIdNumber('410823', '1986-12-14', 455);

describe('source timestamps: a time without a zone is China time (Asia/Shanghai)', () => {
  it.each([
    ['2025-12-10', '2025-12-09T16:00:00.000Z'],
    ['2025/12/10', '2025-12-09T16:00:00.000Z'],
    ['2025年12月10日', '2025-12-09T16:00:00.000Z'],
    ['20251210', '2025-12-09T16:00:00.000Z'],
    ['2025-12-10 16:22:36', '2025-12-10T08:22:36.000Z'],
    ['2025-12-10T16:22', '2025-12-10T08:22:00.000Z'],
    ['2025/12/10 8:05:09', '2025-12-10T00:05:09.000Z'],
    ['2025-12-10 16:22:36+08:00', '2025-12-10T08:22:36.000Z'],
    ['2025-12-10 16:22:36+08', '2025-12-10T08:22:36.000Z'],
    ['2025-12-10 16:22:36+0800', '2025-12-10T08:22:36.000Z'],
    ['2025-12-10T08:22:36.250Z', '2025-12-10T08:22:36.250Z'],
    ['2025-12-10 03:22:36-05:00', '2025-12-10T08:22:36.000Z'],
  ])('reads %s as %s', (raw, iso) => expect(parseDateTime(raw)).toBe(iso));

  it('reads an XLSX date-time cell (wall clock in the Date’s UTC fields) and an Excel serial as China time', () => {
    expect(parseDateTime(new Date(Date.UTC(2025, 11, 10, 16, 22, 36)))).toBe('2025-12-10T08:22:36.000Z');
    expect(parseDateTime(45352.5)).toBe('2024-03-01T04:00:00.000Z');
  });

  it('refuses impossible times with BAD_DATE', () => {
    for (const raw of ['2025-12-10 24:00', '2025-12-10 12:60', '2025-02-30 08:00', 'gestern']) expect(errorCodeOf(() => parseDateTime(raw))).toBe('BAD_DATE');
  });

  it('shows an instant as a clerk reads it', () => expect(formatChinaTime('2025-12-10T08:22:36.000Z')).toBe('2025-12-10 16:22:36'));
});

describe('money as ledgers write it', () => {
  it.each([
    ['360元', '360.00'],
    ['￥360', '360.00'],
    ['¥1,200.00', '1200.00'],
    ['1,200.00', '1200.00'],
    ['1，200.00', '1200.00'],
    ['１２００．５', '1200.50'],
    ['￥1,234,567.8元', '1234567.80'],
    [' 0.5 ', '0.50'],
    ['0560', '560.00'],
  ])('reads %s as %s', (raw, yuan) => expect(parseMoney(raw)).toBe(yuan));

  it.each([
    ['1.2.3', '"1.2.3" 不是金额 — 请填写以元为单位的金额，如 360、360元、1,200.00 或 ￥1200.5'],
    ['-5', '金额 "-5" 是负数 — 金额不能为负数'],
    ['￥-5', '金额 "￥-5" 是负数 — 金额不能为负数'],
    ['1.234', '"1.234" 有 3 位小数 — 金额最多两位小数（精确到分）'],
    ['1,20', '"1,20" 的千分位分隔符位置不对 — 请填写以元为单位的金额，如 360、360元、1,200.00 或 ￥1200.5'],
    ['12,34,567', '"12,34,567" 的千分位分隔符位置不对 — 请填写以元为单位的金额，如 360、360元、1,200.00 或 ￥1200.5'],
    ['三百元', '"三百元" 不是金额 — 请填写以元为单位的金额，如 360、360元、1,200.00 或 ￥1200.5'],
  ])('refuses %s with BAD_MONEY and a Chinese reason', (raw, message) => {
    expect(errorCodeOf(() => parseMoney(raw))).toBe('BAD_MONEY');
    expect(() => parseMoney(raw)).toThrow(message);
  });
});

describe('reasons in the clerk’s language', () => {
  const visit = { sourceRecordId: 'V-1', idNumber: id, name: '王建国', kind: '电话问候', visitDate: '2024-03-01' };
  const errorsOf = (raw: Record<string, unknown>): RecordError[] => {
    const outcome = validateRecord(careVisit, raw as never, 5);
    return outcome.ok ? [] : outcome.rejection.errors.map((e) => placeReason(careVisit, 'row', undefined, 5, e));
  };

  it('names the Excel habit behind an ID number in scientific notation', () => {
    expect(errorsOf({ ...visit, idNumber: '4.10823E+17' })).toEqual([
      {
        code: 'ID_NUMBER_SCIENTIFIC_NOTATION',
        field: 'idNumber',
        message: '第5行「身份证号」：4.10823E+17 不是身份证号 — Excel 把身份证号显示成了科学计数法，请把该列设为文本后重新导出',
      },
    ]);
  });

  it('says an ID number held as an XLSX number has lost digits', () => {
    expect(errorsOf({ ...visit, idNumber: 410823198612144540 }).map((e) => e.code)).toEqual(['ID_NUMBER_STORED_AS_NUMBER']);
  });

  it('names a wrong check character and the expected one', () => {
    const wrong = `${id.slice(0, 17)}${id[17] === '1' ? '2' : '1'}`;
    expect(errorsOf({ ...visit, idNumber: wrong })).toEqual([
      { code: 'ID_NUMBER_BAD_CHECK_CHARACTER', field: 'idNumber', message: `第5行「身份证号」：${wrong} 校验位不符：最后一位是 ${wrong[17]}，按前17位应为 ${id[17]} — 请核对身份证号是否录错` },
    ]);
  });

  it('lists the accepted Chinese values of an enum, and says a required cell is empty', () => {
    expect(errorsOf({ ...visit, kind: '聊天', name: ' ' })).toEqual([
      { code: 'REQUIRED', field: 'name', message: '第5行「姓名」为必填项，不能为空' },
      { code: 'UNKNOWN_ENUM_VALUE', field: 'kind', message: '第5行「走访类型」："聊天" 不是可选的值 — 可填：电话问候、上门走访、微心愿、物资帮扶' },
    ]);
  });

  it('names the column by the file’s own header when the source gives it, and a GraphQL record by its place in the list', () => {
    const outcome = validateRecord(enrolment, { sourceRecordId: 'A-1', idNumber: id, name: '王建国', program: '低保', status: '在保', startDate: '2024/3/1', monthlyAmount: '1.2.3' }, 2);
    const error = outcome.ok ? undefined : outcome.rejection.errors[0];
    expect(placeReason(enrolment, 'row', { monthlyAmount: '月救助金额(元)' }, 2, error!).message).toBe(
      '第2行「月救助金额(元)」："1.2.3" 不是金额 — 请填写以元为单位的金额，如 360、360元、1,200.00 或 ￥1200.5',
    );
    expect(placeReason(enrolment, 'index', undefined, 0, error!).message).toMatch(/^第1条记录「月保障金额」：/);
    expect(placeReason(enrolment, 'row', undefined, 7, { code: 'DATABASE_REJECTED', field: null, message: '数据库拒收了这条记录：…' }).message).toBe('第7行：数据库拒收了这条记录：…');
  });
});
