import { DateScalar, formatMoney, MoneyScalar } from '../../src/core/scalars.js';

describe('Money', () => {
  it.each([
    ['1234.5', '1234.50'],
    ['0', '0.00'],
    ['-12.3', '-12.30'],
    ['100.25', '100.25'],
  ])('formats %s as %s', (input, output) => {
    expect(formatMoney(input)).toBe(output);
  });

  it('formats JSON numbers from json_agg without float noise', () => {
    expect(formatMoney(0.1 + 0.2)).toBe('0.30');
    expect(formatMoney(480.5)).toBe('480.50');
  });

  it('rejects more than two decimals on input', () => {
    expect(() => MoneyScalar.parseValue('1.234')).toThrow(/at most two decimals/);
    expect(() => MoneyScalar.parseValue('abc')).toThrow();
  });
});

describe('Date', () => {
  it('accepts real calendar dates only', () => {
    expect(DateScalar.parseValue('2024-02-29')).toBe('2024-02-29');
    expect(() => DateScalar.parseValue('2023-02-29')).toThrow(/real calendar date/);
    expect(() => DateScalar.parseValue('2023-2-1')).toThrow();
  });

  it('serialises Date objects and timestamps to YYYY-MM-DD', () => {
    expect(DateScalar.serialize(new Date('2026-11-23T10:00:00Z'))).toBe('2026-11-23');
  });
});
