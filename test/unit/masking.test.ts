import {
  COMPOUND_SURNAMES,
  mask,
  maskAddress,
  maskBirthDate,
  maskCertificateNumber,
  maskIdNumber,
  maskName,
  maskPhone,
  type MaskKind,
} from '../../src/auth/masking.js';

const KINDS: MaskKind[] = ['ID_NUMBER', 'NAME', 'PHONE', 'ADDRESS', 'BIRTH_DATE', 'CERTIFICATE_NUMBER'];

describe('mask', () => {
  it.each(KINDS)('%s: null, undefined, empty and blank give null', (kind) => {
    for (const value of [null, undefined, '', '   ', '\u3000', '\t\n']) expect(mask(kind, value)).toBeNull();
  });

  it.each([
    ['ID_NUMBER', '41082319861214123X', '410823********123X'],
    ['NAME', '张三丰', '张**'],
    ['PHONE', '13812345678', '138****5678'],
    ['ADDRESS', '河南省焦作市武陟县乔庙镇杨村3组12号', '河南省焦作市武陟县乔庙镇'],
    ['BIRTH_DATE', '1986-12-14', '1986'],
    ['CERTIFICATE_NUMBER', '41082319861214123X42', '410823********123X42'],
  ] as const)('%s dispatches to its rule', (kind, value, expected) => {
    expect(mask(kind, value)).toBe(expected);
  });

  it('takes numbers as their digits and a Date as a birth date', () => {
    expect(mask('PHONE', 13812345678)).toBe('138****5678');
    expect(mask('BIRTH_DATE', new Date('1986-12-14T00:00:00Z'))).toBe('1986');
    expect(mask('BIRTH_DATE', new Date('1986-01-01T00:00:00Z'))).toBe('1986');
  });

  it('reveals nothing for an unknown kind', () => {
    expect(mask('SOMETHING_NEW' as MaskKind, '张三')).toBe('**');
    expect(mask('SOMETHING_NEW' as MaskKind, '')).toBeNull();
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['18 characters, X check', '41082319861214123X', '410823********123X'],
    ['18 digits', '410823198612144551', '410823********4551'],
    ['lowercase x is upper-cased', '41082319861214123x', '410823********123X'],
    ['surrounding whitespace', '  410823198612144551 ', '410823********4551'],
    ['full-width digits', '４１０８２３１９８６１２１４４５５１', '410823********4551'],
    ['bad check character is still an ID shape', '410823198612144550', '410823********4550'],
    ['15 digits', '410823861214455', '410823*****4455'],
    ['17 digits: unparseable', '41082319861214455', '*****************'],
    ['X in the middle: unparseable', '4108231986X2144551', '******************'],
    ['letters of ID length: unparseable', 'abcdefghijklmnopqr', '******************'],
    ['short', '4108', '****'],
    ['a name in the wrong column', '张三', '**'],
    ['rare character counted once', '𠀾𠀾', '**'],
    ['inner spaces are not an ID number', '410823 19861214 4551', '********************'],
  ])('%s', (_case, value, expected) => {
    expect(maskIdNumber(value)).toBe(expected);
  });

  it('gives null for nothing', () => {
    expect(maskIdNumber(null)).toBeNull();
    expect(maskIdNumber(undefined)).toBeNull();
    expect(maskIdNumber(' ')).toBeNull();
  });
});

describe('maskName', () => {
  it.each([
    ['two characters', '张三', '张*'],
    ['three characters', '张三丰', '张**'],
    ['four characters, single surname', '王小明明', '王***'],
    ['compound surname, four characters', '欧阳娜娜', '欧阳**'],
    ['compound surname, three characters', '司马光', '司马*'],
    ['compound surname 诸葛', '诸葛亮', '诸葛*'],
    ['compound surname 上官', '上官婉儿', '上官**'],
    ['compound surname 尉迟', '尉迟恭', '尉迟*'],
    ['compound surname alone', '欧阳', '欧*'],
    ['compound surname not at the start', '张欧阳', '张**'],
    ['单于 is 单 + given name', '单于飞', '单**'],
    ['one character', '张', '*'],
    ['surrounding whitespace', '  张三  ', '张*'],
    ['padding inside (full-width space)', '张\u3000三', '张*'],
    ['padding inside a compound surname', '欧 阳娜娜', '欧阳**'],
    ['rare Extension B character in the given name', '张𠀾', '张*'],
    ['rare Extension B surname', '𠀾三丰', '𠀾**'],
    ['minority name with middle dot', '阿依古丽·买买提', '阿***·***'],
    ['minority name with three parts', '买买提·艾力·阿不都', '买**·**·***'],
    ['minority name with katakana dot', '阿依古丽・买买提', '阿***・***'],
    ['minority name with full stop', '阿依古丽.买买提', '阿***.***'],
    ['minority name with spaces around the dot', '阿依古丽 · 买买提', '阿***·***'],
    ['Latin name', 'Zhang San', 'Z**** ***'],
    ['Latin name, runs of spaces', 'Zhang   San', 'Z**** ***'],
    ['Latin single word', 'Alice', 'A****'],
    ['Latin single letter', 'A', '*'],
    ['Latin with diacritics', 'Zoë', 'Z**'],
  ])('%s', (_case, value, expected) => {
    expect(maskName(value)).toBe(expected);
  });

  it('knows at least the 20 most common compound surnames', () => {
    const common = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙',
      '宇文', '司徒', '夏侯', '轩辕', '令狐', '钟离', '独孤', '南宫', '西门', '百里', '呼延', '端木'];
    for (const surname of common) {
      expect(COMPOUND_SURNAMES.has(surname)).toBe(true);
      expect(maskName(`${surname}明`)).toBe(`${surname}*`);
      expect(maskName(`${surname}明明`)).toBe(`${surname}**`);
      expect(maskName(surname)).toBe(`${surname[0]}*`);
    }
  });

  it('gives null for nothing', () => {
    expect(maskName(null)).toBeNull();
    expect(maskName('')).toBeNull();
  });
});

describe('maskPhone', () => {
  it.each([
    ['mobile', '13812345678', '138****5678'],
    ['mobile 19x', '19912345678', '199****5678'],
    ['mobile with spaces', '138 1234 5678', '138****5678'],
    ['mobile with hyphens', '138-1234-5678', '138****5678'],
    ['mobile with +86', '+86 138 1234 5678', '138****5678'],
    ['mobile with 86', '8613812345678', '138****5678'],
    ['mobile with full-width digits', '１３８１２３４５６７８', '138****5678'],
    ['mobile with surrounding whitespace', ' 13812345678 ', '138****5678'],
    ['12x is not a mobile prefix', '12812345678', '*********78'],
    ['landline 4-digit area code, hyphen', '0391-1234567', '0391-*****67'],
    ['landline 4-digit area code, 8 digits', '0391-12345678', '0391-******78'],
    ['landline without separator, 4-digit area code', '039112345678', '0391******78'],
    ['landline without separator, 11 digits', '03911234567', '0391*****67'],
    ['landline Beijing without separator', '01012345678', '010******78'],
    ['landline Guangzhou without separator', '02012345678', '020******78'],
    ['landline 3-digit area code, hyphen', '010-12345678', '010-******78'],
    ['landline area code in parentheses', '(0391)1234567', '(0391)*****67'],
    ['landline with spaces', '0391 123 4567', '0391 *** **67'],
    ['landline with full-width hyphen', '0391－1234567', '0391-*****67'],
    ['local number without area code', '1234567', '*****67'],
    ['with an extension word', '0391-1234567转8', '************转8'],
    ['too short to keep anything', '12345', '*****'],
    ['six characters', '123456', '******'],
    ['letters', 'unknown', '*****wn'],
  ])('%s', (_case, value, expected) => {
    expect(maskPhone(value)).toBe(expected);
  });

  it('gives null for nothing', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('  ')).toBeNull();
  });
});

describe('maskAddress', () => {
  it.each([
    ['township 镇', '河南省焦作市武陟县乔庙镇杨村3组12号', '河南省焦作市武陟县乔庙镇'],
    ['township 街道', '河南省焦作市武陟县木城街道建设路8号', '河南省焦作市武陟县木城街道'],
    ['township 街道办事处 stops at 街道', '河南省焦作市武陟县木城街道办事处建设路8号', '河南省焦作市武陟县木城街道'],
    ['township 办事处', '河南省焦作市武陟县木城办事处建设路8号', '河南省焦作市武陟县木城办事处'],
    ['township 乡', '河南省焦作市武陟县大封乡老催庄村', '河南省焦作市武陟县大封乡'],
    ['ethnic township 民族乡', '云南省大理白族自治州漾濞彝族自治县太平乡', '云南省大理白族自治州漾濞彝族自治县太平乡'],
    ['no township', '河南省焦作市武陟县', '河南省焦作市武陟县'],
    ['no township, a street', '河南省焦作市武陟县建设路8号', '河南省焦作市武陟县'],
    ['no township, a residential compound', '河南省焦作市武陟县阳光小区3号楼', '河南省焦作市武陟县'],
    ['no province', '焦作市武陟县乔庙镇杨村', '焦作市武陟县乔庙镇'],
    ['county first', '武陟县乔庙镇杨村', '武陟县乔庙镇'],
    ['district of a city', '河南省焦作市解放区民主街道和平街1号', '河南省焦作市解放区民主街道'],
    ['county-level city', '河南省焦作市沁阳市柏香镇', '河南省焦作市沁阳市柏香镇'],
    ['provincially administered city', '河南省济源市克井镇柏林村', '河南省济源市克井镇'],
    ['county 镇平县 contains 镇', '河南省南阳市镇平县城关镇西关街5号', '河南省南阳市镇平县城关镇'],
    ['镇平县 without a township', '河南省南阳市镇平县', '河南省南阳市镇平县'],
    ['镇平县 first', '镇平县城关镇西关街5号', '镇平县城关镇'],
    ['county 乡宁县 starts with 乡', '山西省临汾市乡宁县昌宁镇', '山西省临汾市乡宁县昌宁镇'],
    ['county-level city 宁乡市 ends with 乡', '湖南省长沙市宁乡市玉潭街道', '湖南省长沙市宁乡市玉潭街道'],
    ['prefecture 新乡市', '河南省新乡市红旗区东街街道', '河南省新乡市红旗区东街街道'],
    ['district 红旗区 contains 旗', '河南省新乡市红旗区', '河南省新乡市红旗区'],
    ['prefecture 镇江市', '江苏省镇江市京口区正东路街道', '江苏省镇江市京口区正东路街道'],
    ['a road-named subdistrict', '河南省焦作市解放区焦南路街道', '河南省焦作市解放区焦南路街道'],
    ['district 市中区', '山东省济南市市中区七贤街道', '山东省济南市市中区七贤街道'],
    ['municipality', '北京市朝阳区建外街道', '北京市朝阳区建外街道'],
    ['autonomous region and 地区', '新疆维吾尔自治区阿克苏地区库车市乌恰镇', '新疆维吾尔自治区阿克苏地区库车市乌恰镇'],
    ['banner 旗', '内蒙古自治区锡林郭勒盟正蓝旗上都镇', '内蒙古自治区锡林郭勒盟正蓝旗上都镇'],
    ['market street after the township', '河南省焦作市武陟县木城镇市场路5号', '河南省焦作市武陟县木城镇'],
    ['market street after a city', '河南省济源市克井镇市场路5号', '河南省济源市克井镇'],
    ['whitespace dropped', ' 河南省 焦作市 武陟县 乔庙镇 杨村 ', '河南省焦作市武陟县乔庙镇'],
    ['township word after a house number is not a township', '河南省焦作市武陟县建设路8号乡村振兴站', '河南省焦作市武陟县'],
    ['a street followed by a word with 乡', '河南省焦作市武陟县建设路乡村振兴站', '河南省焦作市武陟县'],
    ['province only', '河南省', '***'],
    ['township only', '乔庙镇杨村3组', '***'],
    ['village only', '杨村3组12号', '***'],
    ['not an address', 'unknown', '***'],
  ])('%s', (_case, value, expected) => {
    expect(maskAddress(value)).toBe(expected);
  });

  it('gives null for nothing', () => {
    expect(maskAddress(null)).toBeNull();
    expect(maskAddress('')).toBeNull();
  });
});

describe('maskBirthDate', () => {
  it.each([
    ['YYYY-MM-DD', '1986-12-14', '1986'],
    ['YYYYMMDD', '19861214', '1986'],
    ['YYYY/MM/DD', '1986/12/14', '1986'],
    ['timestamp', '1986-12-14T00:00:00.000Z', '1986'],
    ['Chinese', '1986年12月14日', '1986'],
    ['year only', '1986', '1986'],
    ['surrounding whitespace', ' 1986-12-14 ', '1986'],
    ['two-digit year', '86-12-14', '****'],
    ['digits that are not a date', '198612', '****'],
    ['text', 'unknown', '****'],
  ])('%s', (_case, value, expected) => {
    expect(maskBirthDate(value)).toBe(expected);
  });

  it('takes the UTC year of a Date, like the Date scalar', () => {
    expect(maskBirthDate(new Date('1986-12-14T00:00:00Z'))).toBe('1986');
    expect(maskBirthDate(new Date('1986-12-31T23:00:00Z'))).toBe('1986');
    expect(maskBirthDate(new Date(Number.NaN))).toBe('****');
  });

  it('gives null for nothing', () => {
    expect(maskBirthDate(null)).toBeNull();
    expect(maskBirthDate('')).toBeNull();
  });
});

describe('maskCertificateNumber', () => {
  it.each([
    ['20 characters, X in the ID', '41082319861214123X42', '410823********123X42'],
    ['20 digits', '41082319861214455111', '410823********455111'],
    ['lowercase x', '41082319861214123x42', '410823********123X42'],
    ['surrounding whitespace', ' 41082319861214123X42 ', '410823********123X42'],
    ['18 characters: just an ID number, unparseable here', '41082319861214123X', '******************'],
    ['X in the category position', '410823198612141234X2', '********************'],
    ['21 characters', '41082319861214123X421', '*********************'],
    ['short', '123', '***'],
  ])('%s', (_case, value, expected) => {
    expect(maskCertificateNumber(value)).toBe(expected);
  });

  it('gives null for nothing', () => {
    expect(maskCertificateNumber(undefined)).toBeNull();
    expect(maskCertificateNumber(' ')).toBeNull();
  });
});
