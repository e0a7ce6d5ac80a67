/**
 * Masking of personal values (敏感个人信息) for callers who may read a `@sensitive` field but lack
 * the scope to see it whole. A masked value must stay useful for case work (which township, which
 * surname, which birth year) while never revealing more than its rule allows: whenever a value
 * does not have the shape a rule expects, the rule reveals less, never more.
 *
 * All rules count characters by Unicode code points, so a rare CJK Extension B character in a
 * name (a surrogate pair in UTF-16) is one character, masked by one `*`.
 */

/** The mask kinds of the SDL enum `MaskKind` (schema/core.graphql). */
export type MaskKind = 'ID_NUMBER' | 'NAME' | 'PHONE' | 'ADDRESS' | 'BIRTH_DATE' | 'CERTIFICATE_NUMBER';

const STAR = '*';

/** Code points, not UTF-16 units: `'𠀾'.length === 2` but it is one character. */
function chars(text: string): string[] {
  return Array.from(text);
}

function stars(count: number): string {
  return STAR.repeat(Math.max(0, count));
}

/** Empty (after trimming) means "no value": masked as null, like a null. */
function present(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

// ---------------------------------------------------------------------------------------------
// ID number (身份证号)

const ID18 = /^\d{17}[\dX]$/;
const ID15 = /^\d{15}$/;

/** Full-width digits and letters (０-９, ｘ) as ASCII, lowercase x as X: the forms ledgers use. */
function asciiUpper(text: string): string {
  return text.normalize('NFKC').toUpperCase();
}

/**
 * Masks a resident ID number.
 * - 18 characters (17 digits and a digit or X, x upper-cased): first 6 + 8 `*` + last 4,
 *   `410823198612144551` → `410823********4551`;
 * - 15 digits (old numbers): first 6 + 5 `*` + last 4;
 * - anything else: one `*` per character, because an unparseable value could be anything (a
 *   name typed into the wrong column) and must not leak.
 *
 * The check character is not verified: masking is about shape, validation happens on intake.
 */
export function maskIdNumber(value: string | null | undefined): string | null {
  const text = present(value);
  if (text === null) return null;
  const id = asciiUpper(text);
  if (ID18.test(id)) return `${id.slice(0, 6)}${stars(8)}${id.slice(14)}`;
  if (ID15.test(id)) return `${id.slice(0, 6)}${stars(5)}${id.slice(11)}`;
  return stars(chars(text).length);
}

// ---------------------------------------------------------------------------------------------
// Name (姓名)

/**
 * Two-character surnames (复姓), so that `欧阳娜娜` keeps `欧阳` rather than revealing only `欧`.
 * Deliberately left out: `单于`, because `单` (Shàn) is a common one-character surname and
 * `单于飞` is far more likely 单 + 于飞 than the (practically extinct) 单于.
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙',
  '宇文', '司徒', '夏侯', '轩辕', '令狐', '钟离', '独孤', '南宫', '西门', '百里',
  '呼延', '端木', '司空', '闻人', '申屠', '太史', '淳于', '澹台', '公冶', '宗政',
  '濮阳', '赫连', '万俟', '仲孙', '东郭', '羊舌', '微生', '公羊', '梁丘', '左丘',
  '拓跋', '乐正', '巫马', '亓官', '鲜于', '闾丘', '颛孙', '漆雕', '谷梁', '段干',
  '第五', '公西', '司寇', '子车', '壤驷', '公良', '东门', '南门',
]);

/** Separators of transliterated minority names (阿依古丽·买买提): ·, •, ・, ‧, ．, . and the like. */
const NAME_DOT = /[.\u00B7\u2022\u2027\u2219\u30FB\uFF0E\uFF65\u318D]/u;
const LATIN = /\p{Script=Latin}/u;
const WHITESPACE = /\s/u;

/**
 * Masks a person's name, keeping the surname.
 * - Chinese names: the surname stays, every other character becomes `*` — `张三` → `张*`,
 *   `欧阳娜娜` → `欧阳**`. A compound surname ({@link COMPOUND_SURNAMES}) counts only when the
 *   name is longer than it (`欧阳` alone → `欧*`). Whitespace is dropped first: ledgers pad
 *   two-character names to align them (`张　三`).
 * - Names with a middle dot (`阿依古丽·买买提` → `阿***·***`) or in Latin letters
 *   (`Zhang San` → `Z**** ***`): the first character stays, the dots and single spaces between
 *   the parts stay visible, everything else becomes `*`.
 * - One-character names: `*`.
 */
export function maskName(value: string | null | undefined): string | null {
  const text = present(value);
  if (text === null) return null;
  // Latin names keep one space between their parts; elsewhere whitespace is padding.
  if (LATIN.test(text)) return maskKeepingFirst(chars(text.replace(/\s+/gu, ' ')));
  if (NAME_DOT.test(text)) return maskKeepingFirst(chars(text.replace(/\s+/gu, '')));
  const name = chars(text.replace(/\s+/gu, ''));
  if (name.length <= 1) return STAR;
  const surnameLength = name.length > 2 && COMPOUND_SURNAMES.has(name[0]! + name[1]!) ? 2 : 1;
  return name.slice(0, surnameLength).join('') + stars(name.length - surnameLength);
}

/** First character kept, separators kept, all else `*`. */
function maskKeepingFirst(name: string[]): string {
  if (name.length <= 1) return STAR;
  return name
    .map((ch, index) => (index === 0 || NAME_DOT.test(ch) || WHITESPACE.test(ch) ? ch : STAR))
    .join('');
}

// ---------------------------------------------------------------------------------------------
// Phone (电话)

const MOBILE = /^1[3-9]\d{9}$/;
/** Separators written inside phone numbers; anything else makes a value "other". */
const PHONE_SEPARATORS = /[\s\-()]/gu;
/** Area code written off by a separator: `0391-1234567`, `(0391)1234567`, `010 12345678`. */
const SEPARATED_AREA_CODE = /^\(?(0\d{2,3})\)?[\s\-)]/u;

/**
 * Masks a phone number.
 * - Mainland mobile (11 digits, `1[3-9]…`, separators and a `+86`/`86` prefix allowed):
 *   first 3 + `****` + last 4, always in the plain form — `138 1234 5678` → `138****5678`.
 * - Landline with area code (`0` + 10 to 12 digits in all): the area code and the last 2 digits
 *   stay, every other digit becomes `*`, separators stay — `0391-1234567` → `0391-*****67`,
 *   `039112345678` → `0391******78`. Without a separator the area code is 3 digits for
 *   `010`/`02x` (Beijing and the big cities) and 4 digits otherwise.
 * - Anything else of at least 7 characters: the last 2 characters stay, every other character
 *   becomes `*`; shorter values become all `*` (two of three characters would be a leak).
 */
export function maskPhone(value: string | null | undefined): string | null {
  const text = present(value);
  if (text === null) return null;
  const phone = text.normalize('NFKC');
  const digits = phone.replace(PHONE_SEPARATORS, '');
  const mobile = digits.replace(/^\+?86(?=\d{11}$)/u, '');
  if (MOBILE.test(mobile)) return `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
  if (/^0\d{9,11}$/u.test(digits)) return maskLandline(phone, digits);
  const all = chars(phone);
  if (all.length < 7) return stars(all.length);
  return stars(all.length - 2) + all.slice(-2).join('');
}

function maskLandline(phone: string, digits: string): string {
  const separated = SEPARATED_AREA_CODE.exec(phone);
  const areaDigits = separated ? separated[1]!.length : /^0[12]/u.test(digits) ? 3 : 4;
  const keepFrom = digits.length - 2;
  let seen = 0;
  let out = '';
  for (const ch of phone) {
    if (!/\d/u.test(ch)) {
      out += ch;
      continue;
    }
    out += seen < areaDigits || seen >= keepFrom ? ch : STAR;
    seen++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Address (住址, to the township)

/** Administrative suffixes, longest first so that `自治区` wins over `区`. */
const ADMIN_SUFFIXES: ReadonlyArray<{ suffix: string; level: AdminLevel }> = [
  { suffix: '特别行政区', level: 'province' },
  { suffix: '自治区', level: 'province' },
  { suffix: '省', level: 'province' },
  { suffix: '自治州', level: 'prefecture' },
  { suffix: '地区', level: 'prefecture' },
  { suffix: '盟', level: 'prefecture' },
  { suffix: '州', level: 'prefecture' },
  { suffix: '市', level: 'city' },
  { suffix: '自治县', level: 'county' },
  { suffix: '自治旗', level: 'county' },
  { suffix: '县', level: 'county' },
  { suffix: '区', level: 'county' },
  { suffix: '旗', level: 'county' },
];
/** `市` is a prefecture (焦作市) or a county-level city (沁阳市): the next unit decides. */
type AdminLevel = 'province' | 'prefecture' | 'city' | 'county';

const TOWNSHIP_SUFFIXES = ['街道', '办事处', '镇', '乡'];
/** Township suffix characters: inside a unit name only first (镇平县) or last (宁乡市). */
const TOWNSHIP_CHARS = new Set(['镇', '乡']);
/** Characters of streets, villages and house numbers, never of a county or township name. */
const NOT_IN_UNIT_NAMES = new Set(['街', '办', '村', '组', '号', '路', '巷', '楼', '室', '栋', '弄']);
const HAN = /^\p{Script=Han}$/u;
const MAX_UNIT_NAME = 15;
const MAX_TOWNSHIP_NAME = 10;

interface AdminUnit {
  end: number;
  level: AdminLevel;
}

function suffixAt(text: string[], index: number): { suffix: string; level: AdminLevel } | undefined {
  for (const entry of ADMIN_SUFFIXES) {
    if (!startsWithAt(text, index, entry.suffix)) continue;
    // `市场` (market) is a street word, not a city: `木城镇市场路` must not end a unit.
    if (entry.suffix === '市' && text[index + 1] === '场') continue;
    return entry;
  }
  return undefined;
}

function startsWithAt(text: string[], index: number, word: string): boolean {
  const wanted = chars(word);
  return wanted.every((ch, offset) => text[index + offset] === ch);
}

/**
 * The administrative unit starting at `start`: the shortest Han name (1 to 15 characters)
 * followed by an administrative suffix, extended over directly following suffixes so that
 * `红旗区` and `沧州市` are one unit, not `红旗` + `区`.
 */
function unitAt(text: string[], start: number): AdminUnit | undefined {
  for (let i = start + 1; i <= start + MAX_UNIT_NAME && i < text.length; i++) {
    const ch = text[i - 1]!;
    if (!HAN.test(ch) || NOT_IN_UNIT_NAMES.has(ch)) return undefined;
    const found = suffixAt(text, i);
    if (found) {
      let end = i + chars(found.suffix).length;
      let level = found.level;
      for (let next = suffixAt(text, end); next; next = suffixAt(text, end)) {
        end += chars(next.suffix).length;
        level = next.level;
      }
      return { end, level };
    }
    // A township suffix inside a name ends the search: `克井镇东区` is a township and a street.
    if (i - 1 > start && TOWNSHIP_CHARS.has(ch)) return undefined;
  }
  return undefined;
}

/**
 * End (exclusive, in code points) of the county-level unit, parsing province → prefecture →
 * county in that order; -1 when there is none.
 */
function countyEnd(text: string[]): number {
  let position = 0;
  let rank = 0; // 1 province, 2 prefecture or city, 3 county
  let end = -1;
  while (rank < 3) {
    const unit = unitAt(text, position);
    if (!unit) break;
    if (unit.level === 'province') {
      if (rank >= 1) break;
      rank = 1;
    } else if (unit.level === 'prefecture') {
      if (rank >= 2) break;
      rank = 2;
    } else if (unit.level === 'city') {
      // A county-level city unless a county follows; a city after a city is the county.
      end = unit.end;
      rank = rank >= 2 ? 3 : 2;
    } else {
      end = unit.end;
      rank = 3;
    }
    position = unit.end;
  }
  return end;
}

/**
 * End (exclusive) of a township right after `from`, or -1: a name of 1–10 Han characters and a
 * suffix. A name may contain `路` only before `街道`/`办事处` (焦南路街道), never before `镇`/`乡`,
 * where it is a street followed by some word (建设路乡村振兴站).
 */
function townshipEnd(text: string[], from: number): number {
  let road = false;
  for (let i = from + 1; i <= from + MAX_TOWNSHIP_NAME && i < text.length; i++) {
    const ch = text[i - 1]!;
    if (!HAN.test(ch) || (NOT_IN_UNIT_NAMES.has(ch) && ch !== '街' && ch !== '路')) return -1;
    road ||= ch === '路';
    const suffix = TOWNSHIP_SUFFIXES.find((s) => startsWithAt(text, i, s));
    if (suffix) return road && (suffix === '镇' || suffix === '乡') ? -1 : i + chars(suffix).length;
  }
  return -1;
}

/**
 * Masks an address down to the township (到乡镇): the text up to and including the first
 * township suffix (`街道`, `办事处`, `镇`, `乡`) after the county-level unit, nothing after it —
 * `河南省焦作市武陟县乔庙镇杨村3组12号` → `河南省焦作市武陟县乔庙镇`. Without a township the
 * county-level unit ends it (`河南省焦作市武陟县`); without a county-level unit the result is
 * `***`.
 *
 * The administrative units are parsed in order (province `省/自治区`, prefecture
 * `市/州/地区/盟`, county `县/区/市/旗`), each a Han name plus a suffix, so a county named with
 * a township character (`镇平县`, `乡宁县`, `宁乡市`) is still a county and a township needs a
 * name of its own after the county. Whitespace is dropped first. The heuristic errs on the
 * side of showing less: an address it cannot read is cut at the county or fully masked.
 */
export function maskAddress(value: string | null | undefined): string | null {
  const text = present(value);
  if (text === null) return null;
  const address = chars(text.replace(/\s+/gu, ''));
  const county = countyEnd(address);
  if (county < 0) return '***';
  const township = townshipEnd(address, county);
  return address.slice(0, township < 0 ? county : township).join('');
}

// ---------------------------------------------------------------------------------------------
// Birth date (出生日期)

/**
 * Masks a birth date to its year: `1986-12-14` → `1986`. Strings must start with a 4-digit year
 * (`YYYY-MM-DD`, `YYYYMMDD`, `YYYY/MM/DD`); a `Date` gives its UTC year, like the `Date` scalar
 * that serialises it. Anything else becomes `****`.
 */
export function maskBirthDate(value: string | Date | null | undefined): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '****' : String(value.getUTCFullYear()).padStart(4, '0');
  const text = present(value);
  if (text === null) return null;
  const year = /^(\d{4})(?:$|[-/.年T ]|\d{4}$)/u.exec(text.normalize('NFKC'));
  return year ? year[1]! : '****';
}

// ---------------------------------------------------------------------------------------------
// Disability certificate number (残疾人证号)

const CERTIFICATE = /^(\d{17}[\dX])(\d)(\d)$/;

/**
 * Masks a disability certificate number (18-character ID number + category digit + grade
 * digit): the ID part as {@link maskIdNumber}, category and grade kept —
 * `41082319861214123X42` → `410823********123X42`. Anything else: one `*` per character.
 */
export function maskCertificateNumber(value: string | null | undefined): string | null {
  const text = present(value);
  if (text === null) return null;
  const match = CERTIFICATE.exec(asciiUpper(text));
  if (!match) return stars(chars(text).length);
  return `${maskIdNumber(match[1]!)}${match[2]}${match[3]}`;
}

// ---------------------------------------------------------------------------------------------

/** A value as text: numbers (a phone stored as a number) as digits, `Date` only for birth dates. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * Masks `value` by the rule of `kind`. `null`, `undefined` and empty or blank strings give
 * `null`: there is nothing to hide, and an empty mask would look like a value.
 */
export function mask(kind: MaskKind, value: unknown): string | null {
  if (kind === 'BIRTH_DATE' && value instanceof Date) return maskBirthDate(value);
  const text = asText(value);
  switch (kind) {
    case 'ID_NUMBER':
      return maskIdNumber(text);
    case 'NAME':
      return maskName(text);
    case 'PHONE':
      return maskPhone(text);
    case 'ADDRESS':
      return maskAddress(text);
    case 'BIRTH_DATE':
      return maskBirthDate(text);
    case 'CERTIFICATE_NUMBER':
      return maskCertificateNumber(text);
    default: {
      // An SDL enum value added without a rule here: reveal nothing rather than everything.
      const unknownKind: never = kind;
      void unknownKind;
      const shown = present(text);
      return shown === null ? null : stars(chars(shown).length);
    }
  }
}
