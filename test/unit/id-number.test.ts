import { buildIdNumber, checkCharacter, IdNumberError, normaliseIdNumber, parseIdNumber } from '../../src/identity/id-number.js';

function reasonOf(input: string): string {
  try {
    parseIdNumber(input);
  } catch (err) {
    if (err instanceof IdNumberError) return err.reason;
    throw err;
  }
  return 'VALID';
}

describe('ID number validation (GB 11643-1999)', () => {
  it('accepts the standard examples and derives birth date and gender', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({
      idNumber: '11010519491231002X', addressCode: '110105', birthDate: '1949-12-31', gender: 'FEMALE', converted: false,
    });
    expect(parseIdNumber('440524188001010014')).toMatchObject({ birthDate: '1880-01-01', gender: 'MALE' });
  });

  it('computes the check character from the weighted sum mod 11', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('44052418800101001')).toBe('4');
  });

  it('accepts a lowercase x and stores it upper-case', () => {
    expect(normaliseIdNumber('11010519491231002x')).toBe('11010519491231002X');
  });

  it('accepts full-width digits and letters', () => {
    expect(normaliseIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
  });

  it('ignores spaces, ideographic spaces and hyphens that spreadsheets add', () => {
    expect(normaliseIdNumber(' 110105 1949-1231\u3000002x ')).toBe('11010519491231002X');
  });

  it('converts an old 15-digit number by inserting 19 and computing the check character', () => {
    const parsed = parseIdNumber('110105491231002');
    expect(parsed).toMatchObject({ idNumber: '11010519491231002X', birthDate: '1949-12-31', converted: true });
  });

  it.each([
    ['a wrong check character', '110105194912310021', 'BAD_CHECK_CHARACTER'],
    ['an impossible date (Feb 30)', buildIdNumber('110105', '1990-02-28', 1).replace('19900228', '19900230'), 'BAD_DATE'],
    ['a month 13', '110105199013010011', 'BAD_DATE'],
    ['a birth date in the future', buildIdNumber('110105', '2099-01-01', 1), 'BAD_DATE'],
    ['too few characters', '11010519491231', 'BAD_LENGTH'],
    ['too many characters', '11010519491231002X1', 'BAD_LENGTH'],
    ['a letter in the middle', '1101051949A231002X', 'BAD_CHARACTER'],
    ['an X in a 15-digit number', '11010549123100X', 'BAD_CHARACTER'],
    ['an address code starting with 0', buildIdNumber('010105', '1980-01-01', 1), 'BAD_ADDRESS_CODE'],
    ['nothing at all', '   ', 'EMPTY'],
  ])('rejects %s', (_label, input, reason) => {
    expect(reasonOf(input)).toBe(reason);
    expect(normaliseIdNumber(input)).toBeNull();
  });

  it('accepts 29 February in a leap year only', () => {
    expect(reasonOf(buildIdNumber('410823', '2000-02-29', 5))).toBe('VALID');
    expect(reasonOf(buildIdNumber('410823', '1900-02-28', 5).replace('19000228', '19000229'))).toBe('BAD_DATE');
  });

  it('names what was wrong in the message', () => {
    expect(() => parseIdNumber('110105194912310021')).toThrow('expected "X"');
  });

  it('builds numbers that validate, with the sequence parity giving the gender', () => {
    expect(parseIdNumber(buildIdNumber('410823', '2015-09-01', 33)).gender).toBe('MALE');
    expect(parseIdNumber(buildIdNumber('410823', '2015-09-01', 34)).gender).toBe('FEMALE');
  });
});
