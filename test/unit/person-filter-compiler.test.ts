import { compilePersonFilter } from '../../src/core/filter/person-filter.compiler.js';
import { SqlBuilder, toArrayLiteral } from '../../src/contract/sql-builder.js';
import { departments } from '../../src/departments/registry.js';

const scope = { departments, person: 'p', household: 'h' };

function compile(filter: Record<string, unknown> | null) {
  const sql = new SqlBuilder();
  const text = compilePersonFilter(filter as never, scope, sql);
  return { text, params: sql.params };
}

const placeholders = (text: string) => (text.match(/\?/g) ?? []).length;

describe('PersonFilter compiler', () => {
  it('compiles no filter to true', () => {
    expect(compile(null)).toEqual({ text: 'true', params: [] });
    expect(compile({})).toEqual({ text: 'true', params: [] });
  });

  it('binds a region prefix as an index range and a LIKE pattern on the person’s division code, never spliced into the text', () => {
    expect(compile({ regionCode: '410823' })).toEqual({
      text: '(p.region_code is not null and (p.region_code between ? and ? and p.region_code like ?))',
      params: ['410823', '410823999999', '410823%'],
    });
  });

  it('turns an age range into birth-date bounds relative to today', () => {
    const { text, params } = compile({ age: { min: 60, max: 69 } });
    expect(text).toBe(
      '(p.birth_date <= current_date - make_interval(years => ?::int) and p.birth_date > current_date - make_interval(years => ?::int))',
    );
    expect(params).toEqual([60, 70]);
  });

  it('binds enum lists as one Postgres array literal', () => {
    expect(compile({ monitoringStatus: ['DIBAO', 'TEKUN'] })).toEqual({
      text: '(h.id is not null and h.monitoring_status = any(?::text[]))',
      params: ['{"DIBAO","TEKUN"}'],
    });
  });

  it('counts a person without a household as monitoring status NONE, like the report', () => {
    expect(compile({ monitoringStatus: ['NONE', 'DIBAO'] }).text).toBe(`coalesce(h.monitoring_status, 'NONE') = any(?::text[])`);
  });

  it('compiles not as "is not true", so a NULL can never drop a person from both F and not F', () => {
    expect(compile({ not: { gender: 'MALE' } }).text).toBe('(p.gender = ?) is not true');
  });

  it('compiles a dimension filter from the report dimension’s own SQL, its join probed by the person’s id', () => {
    const { text, params } = compile({ dimensions: [{ dimension: 'DISABILITY_GRADE', values: ['1', 'NONE'] }] });
    expect(text).toBe(
      `(select coalesce(dj1.v, 'NONE') = any(?::text[]) from (select) one left join (select person_id, min(grade)::text as v from disability.certificate group by person_id) dj1 on dj1.person_id = p.id)`,
    );
    expect(params).toEqual(['{"1","NONE"}']);
  });

  it('adds an index range for region dimension values, implied by the exact test', () => {
    const { text, params } = compile({ dimensions: [{ dimension: 'REGION_TOWNSHIP', values: ['410823101', 'NONE'] }] });
    expect(text).toBe(
      `(((p.region_code between ? and ? and p.region_code like ?) or p.region_code is null) and (coalesce(substr(p.region_code, 1, 9), 'NONE') = any(?::text[])))`,
    );
    expect(params).toEqual(['410823101', '410823101999', '410823101%', '{"410823101","NONE"}']);
    expect(placeholders(text)).toBe(params.length);
  });

  it('compiles department predicates to uncorrelated IN subqueries (semi-joins, hashed in select lists)', () => {
    const { text, params } = compile({ civilAffairs: { assistanceProgram: ['DIBAO'], assistanceStatus: ['ACTIVE'] } });
    expect(text).toBe(
      'p.id in (select r1.person_id from civil_affairs.assistance_enrolment r1 where r1.program = any(?::text[]) and r1.status = any(?::text[]))',
    );
    expect(params).toEqual(['{"DIBAO"}', '{"ACTIVE"}']);
  });

  it('keeps placeholders in text order through and/or/not nesting', () => {
    const { text, params } = compile({
      or: [{ gender: 'MALE', regionCode: '4108' }, { not: { age: { min: 80 } } }],
      and: [{ health: { conditionCode: ['I10'] } }],
      deceased: false,
    });
    expect(placeholders(text)).toBe(params.length);
    // and-parts come first, then or, then not, then own fields — the same order as the params.
    expect(params).toEqual(['{"I10%"}', '4108', '410899999999', '4108%', 'MALE', 80]);
    expect(text).toContain('p.deceased_date is null');
    expect(text).toMatch(/^\(p\.id in \(select .* and \(\(\(p\.region_code is not null and \(p\.region_code between \? and \? and p\.region_code like \?\)\) and p\.gender = \?\) or \(p\.birth_date <= .*\) is not true\) and p\.deceased_date is null\)$/);
  });

  it('uses a fresh alias for every subquery so nested EXISTS never shadow each other', () => {
    const { text } = compile({ and: [{ disability: { hasRehabService: true } }, { disability: { hasRehabService: false } }] });
    const aliases = [...text.matchAll(/ (r\d+) where/g)].map((m) => m[1]);
    expect(new Set(aliases).size).toBe(aliases.length);
    expect(aliases.length).toBe(2);
  });

  it('compiles an empty or to false and an empty list to false', () => {
    expect(compile({ or: [] }).text).toBe('false');
    expect(compile({ monitoringStatus: [] }).text).toBe('false');
  });

  it.each([
    [{ regionCode: "41' or 1=1 --" }, 'filter.regionCode'],
    [{ regionCode: '4' }, 'filter.regionCode'],
    [{ age: { min: -1 } }, 'filter.age'],
    [{ age: { min: 9, max: 3 } }, 'filter.age'],
    [{ or: [{ regionCode: 'x' }] }, 'filter.or[0].regionCode'],
    [{ dimensions: [{ dimension: 'GENDER', values: ['MALE', 'OTHER'] }] }, 'filter.dimensions[0].values[1]'],
    [{ not: { dimensions: [{ dimension: 'GENDER', values: [] }, { dimension: 'REGION_TOWNSHIP', values: ['410823'] }] } }, 'filter.not.dimensions[1].values[0]'],
    [{ dimensions: [{ dimension: 'DISABILITY_GRADE', values: ['5'] }] }, 'filter.dimensions[0].values[0]'],
    [{ dimensions: [{ dimension: 'NO_SUCH_DIMENSION', values: ['NONE'] }] }, 'filter.dimensions[0].dimension'],
  ])('rejects %j naming %s', (filter, field) => {
    expect(() => compile(filter)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) }));
  });

  it('rejects filters nested deeper than ten levels', () => {
    let filter: Record<string, unknown> = { gender: 'MALE' };
    for (let i = 0; i < 12; i++) filter = { not: filter };
    expect(() => compile(filter)).toThrow(/nest at most 10 levels/);
  });
});

describe('array literals', () => {
  it('quotes every element and escapes quotes and backslashes', () => {
    expect(toArrayLiteral(['a', 'b"c', 'd\\e', null])).toBe('{"a","b\\"c","d\\\\e",NULL}');
  });
});
