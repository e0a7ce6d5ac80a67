import { GraphQLError } from 'graphql';
import { SqlBuilder } from '../../src/contract/sql-builder.js';
import { compilePersonFilter } from '../../src/core/filter/person-filter.compiler.js';
import type { DepartmentModule, PersonFilterCompiler } from '../../src/contract/department-module.js';
import { compileDisabilityFilter } from '../../src/departments/disability/disability.filter.js';
import { compileEducationFilter } from '../../src/departments/education/education.filter.js';
import { compileWomensFederationFilter } from '../../src/departments/womens-federation/womens-federation.filter.js';
import { compileHealthFilter } from '../../src/departments/health/health.filter.js';

/** Compiles with a fresh builder and checks every placeholder has exactly one bound value. */
function compile(compiler: PersonFilterCompiler, input: Record<string, unknown>) {
  const sql = new SqlBuilder();
  const conditions = compiler(input, 'p', sql);
  const placeholders = conditions.join(' and ').match(/\?/g)?.length ?? 0;
  expect(placeholders).toBe(sql.params.length);
  return { conditions, params: sql.params };
}

describe('disability filter', () => {
  it('matches category and grade on the same certificate, categories as digits', () => {
    const { conditions, params } = compile(compileDisabilityFilter, { category: ['VISUAL', 'MENTAL'], grade: [1, 2] });
    expect(conditions).toEqual([
      'p.id in (select r1.person_id from disability.certificate r1 where r1.category = any(?::int[]) and r1.grade = any(?::int[]))',
    ]);
    expect(params).toEqual(['{"1","6"}', '{"1","2"}']);
  });

  it('takes grade alone', () => {
    const { conditions, params } = compile(compileDisabilityFilter, { grade: [4] });
    expect(conditions).toEqual([
      'p.id in (select r1.person_id from disability.certificate r1 where r1.grade = any(?::int[]))',
    ]);
    expect(params).toEqual(['{"4"}']);
  });

  it('counts only rehab services in service or settled', () => {
    const yes = compile(compileDisabilityFilter, { hasRehabService: true });
    expect(yes.conditions).toEqual([
      'p.id in (select r1.person_id from disability.rehab_service r1 where r1.status = any(?::text[]))',
    ]);
    expect(yes.params).toEqual(['{"IN_SERVICE","SETTLED"}']);
    const no = compile(compileDisabilityFilter, { hasRehabService: false });
    expect(no.conditions).toEqual(['not exists (select 1 from disability.rehab_service r1 where r1.person_id = p.id and r1.status = any(?::text[]))']);
    expect(no.params).toEqual(yes.params);
  });

  it('matches active subsidies of the given kinds', () => {
    const { conditions, params } = compile(compileDisabilityFilter, { subsidy: ['NURSING'] });
    expect(conditions).toEqual([
      'p.id in (select r1.person_id from disability.subsidy r1 where r1.status = ? and r1.kind = any(?::text[]))',
    ]);
    expect(params).toEqual(['ACTIVE', '{"NURSING"}']);
  });

  it('binds every predicate in text order', () => {
    const { conditions, params } = compile(compileDisabilityFilter, {
      category: ['MULTIPLE'],
      hasRehabService: true,
      subsidy: ['LIVING'],
    });
    expect(conditions).toHaveLength(3);
    expect(params).toEqual(['{"7"}', '{"IN_SERVICE","SETTLED"}', 'ACTIVE', '{"LIVING"}']);
  });

  it('compiles nothing for an empty input', () => {
    expect(compile(compileDisabilityFilter, {}).conditions).toEqual([]);
  });
});

describe('education filter', () => {
  it('matches enrolment status', () => {
    const { conditions, params } = compile(compileEducationFilter, { schoolStatus: ['DROPPED_OUT', 'SUSPENDED'] });
    expect(conditions).toEqual([
      'p.id in (select r1.person_id from education.enrolment r1 where r1.status = any(?::text[]))',
    ]);
    expect(params).toEqual(['{"DROPPED_OUT","SUSPENDED"}']);
  });

  it('matches left-behind enrolments, or their absence', () => {
    expect(compile(compileEducationFilter, { leftBehind: true }).conditions).toEqual([
      'p.id in (select r1.person_id from education.enrolment r1 where r1.left_behind)',
    ]);
    expect(compile(compileEducationFilter, { leftBehind: false }).conditions).toEqual([
      'not exists (select 1 from education.enrolment r1 where r1.person_id = p.id and r1.left_behind)',
    ]);
  });

  it('matches current teacher pairings, or their absence', () => {
    const current = 'p.id in (select r1.person_id from education.teacher_pairing r1 where (r1.until_date is null or r1.until_date >= current_date))';
    expect(compile(compileEducationFilter, { paired: true }).conditions).toEqual([current]);
    expect(compile(compileEducationFilter, { paired: false }).conditions).toEqual([
      'not exists (select 1 from education.teacher_pairing r1 where r1.person_id = p.id and (r1.until_date is null or r1.until_date >= current_date))',
    ]);
  });

  it('gives every subquery its own alias', () => {
    const { conditions, params } = compile(compileEducationFilter, { schoolStatus: ['ENROLLED'], leftBehind: true, paired: false });
    expect(conditions.map((c) => c.match(/ (r\d+) where/)?.[1])).toEqual(['r1', 'r2', 'r3']);
    expect(params).toEqual(['{"ENROLLED"}']);
  });
});

describe('womens-federation filter', () => {
  it('matches left-behind registration, or its absence', () => {
    const registered = 'p.id in (select r1.person_id from womens_federation.left_behind_woman r1)';
    expect(compile(compileWomensFederationFilter, { leftBehind: true }).conditions).toEqual([registered]);
    expect(compile(compileWomensFederationFilter, { leftBehind: false }).conditions).toEqual(['not exists (select 1 from womens_federation.left_behind_woman r1 where r1.person_id = p.id)']);
  });

  it('matches support cases of the given kinds', () => {
    const { conditions, params } = compile(compileWomensFederationFilter, { supportCaseKind: ['LEGAL_AID', 'DOMESTIC_VIOLENCE_SHELTER'] });
    expect(conditions).toEqual([
      'p.id in (select r1.person_id from womens_federation.support_case r1 where r1.kind = any(?::text[]))',
    ]);
    expect(params).toEqual(['{"LEGAL_AID","DOMESTIC_VIOLENCE_SHELTER"}']);
  });

  it('matches nobody for an empty kind list', () => {
    const { conditions, params } = compile(compileWomensFederationFilter, { supportCaseKind: [] });
    expect(conditions).toEqual(['p.id in (select r1.person_id from womens_federation.support_case r1 where false)']);
    expect(params).toEqual([]);
  });
});

describe('health filter', () => {
  it('matches a valid family-doctor contract, or its absence', () => {
    const signed = 'p.id in (select r1.person_id from health.family_doctor_contract r1 where r1.valid_until >= current_date)';
    expect(compile(compileHealthFilter, { familyDoctorSigned: true }).conditions).toEqual([signed]);
    expect(compile(compileHealthFilter, { familyDoctorSigned: false }).conditions).toEqual([
      'not exists (select 1 from health.family_doctor_contract r1 where r1.person_id = p.id and r1.valid_until >= current_date)',
    ]);
  });

  it('matches ICD-10 code prefixes', () => {
    const { conditions, params } = compile(compileHealthFilter, { conditionCode: ['I10', 'C', 'E11.9'] });
    expect(conditions).toEqual([
      'p.id in (select r1.person_id from health.condition r1 where r1.icd10_code like any(?::text[]))',
    ]);
    expect(params).toEqual(['{"I10%","C%","E11.9%"}']);
  });

  it.each([['i10'], ['10'], ['I10%'], ['_'], [''], ['I10.12345'], ["C'; drop table health.condition; --"]])(
    'rejects condition code %j as BAD_USER_INPUT',
    (code) => {
      const sql = new SqlBuilder();
      let error: unknown;
      try {
        compileHealthFilter({ conditionCode: ['I10', code] }, 'p', sql);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.health.conditionCode' });
      expect(sql.params).toEqual([]);
    },
  );

  it('matches out-of-pocket expense above an amount, in any year', () => {
    const { conditions, params } = compile(compileHealthFilter, { outOfPocketAbove: '20000.00' });
    expect(conditions).toEqual([
      'p.id in (select r1.person_id from health.medical_expense r1 where r1.out_of_pocket > ?::numeric)',
    ]);
    expect(params).toEqual(['20000.00']);
  });

  it('narrows the out-of-pocket test to one year', () => {
    const { conditions, params } = compile(compileHealthFilter, { outOfPocketAbove: '5000.50', year: 2025 });
    expect(conditions).toEqual([
      'p.id in (select r1.person_id from health.medical_expense r1 where r1.out_of_pocket > ?::numeric and r1.year = ?::int)',
    ]);
    expect(params).toEqual(['5000.50', 2025]);
  });

  it('rejects a year without an amount', () => {
    expect(() => compileHealthFilter({ year: 2025 }, 'p', new SqlBuilder())).toThrow(GraphQLError);
  });

  it('binds every predicate in text order', () => {
    const { conditions, params } = compile(compileHealthFilter, {
      familyDoctorSigned: false,
      conditionCode: ['F20'],
      outOfPocketAbove: '100.00',
      year: 2024,
    });
    expect(conditions).toHaveLength(3);
    expect(params).toEqual(['{"F20%"}', '100.00', 2024]);
  });
});

describe('department predicates inside PersonFilter', () => {
  // Only what the compiler reads of a module; the real modules also load SDL and migrations.
  const departments = [
    { personField: 'disability', filter: compileDisabilityFilter },
    { personField: 'education', filter: compileEducationFilter },
    { personField: 'womensFederation', filter: compileWomensFederationFilter },
    { personField: 'health', filter: compileHealthFilter },
  ] as unknown as DepartmentModule[];

  it('keeps placeholders and params in text order across core and departments', () => {
    const sql = new SqlBuilder();
    const text = compilePersonFilter(
      {
        regionCode: '410823',
        or: [{ disability: { subsidy: ['NURSING'] } }, { health: { outOfPocketAbove: '1.00', year: 2025 } }],
        education: { schoolStatus: ['ENROLLED'] },
        womensFederation: { supportCaseKind: ['EMPLOYMENT'] },
      },
      { departments, person: 'p', household: 'h' },
      sql,
    );
    expect(text.match(/\?/g)).toHaveLength(sql.params.length);
    expect(sql.params).toEqual(['ACTIVE', '{"NURSING"}', '1.00', 2025, '410823', '410823999999', '410823%', '{"ENROLLED"}', '{"EMPLOYMENT"}']);
    expect(text.indexOf('disability.subsidy')).toBeLessThan(text.indexOf('health.medical_expense'));
    expect(text.indexOf('region_code like')).toBeLessThan(text.indexOf('education.enrolment'));
  });
});
