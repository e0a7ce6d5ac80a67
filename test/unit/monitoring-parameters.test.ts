import { effectiveValue, parameterSql, validateOverride, type ParameterOverride } from '../../src/monitoring/parameters.js';
import { coreRules, monitoringRules } from '../../src/monitoring/rules/index.js';
import { medicalHardship } from '../../src/monitoring/rules/medical-hardship.js';
import { departments } from '../../src/departments/registry.js';

const override = (regionPrefix: string, year: number | null, value: number): ParameterOverride => ({
  ruleCode: 'MEDICAL_HARDSHIP', name: 'shareOfIncome', regionPrefix, year, value, updatedBy: 'test', updatedAt: '2026-01-01T00:00:00.000Z',
});

// Most specific first, as loadOverrides returns them.
const overrides = [override('410823101', 2025, 0.2), override('410823', 2025, 0.3), override('410823', null, 0.4), override('', null, 0.45)];

describe('rule parameters', () => {
  test('the longest matching region prefix wins, then a year-specific value over an all-years one', () => {
    expect(effectiveValue(medicalHardship, overrides, 'shareOfIncome', '410823101001')).toBe(0.2);
    expect(effectiveValue(medicalHardship, overrides, 'shareOfIncome', '410823102001')).toBe(0.3);
    expect(effectiveValue(medicalHardship, overrides.filter((o) => o.year == null), 'shareOfIncome', '410823102001')).toBe(0.4);
    expect(effectiveValue(medicalHardship, overrides, 'shareOfIncome', '130100000000')).toBe(0.45);
    expect(effectiveValue(medicalHardship, [], 'shareOfIncome', '130100000000')).toBe(0.5);
  });

  test('the SQL tests the overrides in the same order and falls back to the default', () => {
    expect(parameterSql(medicalHardship, overrides, 'shareOfIncome')).toBe(
      "(case when h.region_code like '410823101%' then 0.2 when h.region_code like '410823%' then 0.3 when h.region_code like '410823%' then 0.4 when h.region_code like '%' then 0.45 else 0.5 end)",
    );
    expect(parameterSql(medicalHardship, [], 'shareOfIncome')).toBe('0.5');
  });

  test('every rule parameter has a default inside its own bounds, whole where it must be', () => {
    for (const rule of monitoringRules(departments)) {
      for (const p of rule.parameters) {
        expect([rule.code, p.name, p.defaultValue >= p.min && p.defaultValue <= p.max]).toEqual([rule.code, p.name, true]);
        if (p.integer) expect(Number.isInteger(p.defaultValue)).toBe(true);
        expect(p.description).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(rule.description).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  test('an override outside the bounds is refused naming the field', () => {
    expect(() => validateOverride(coreRules, { rule: 'MEDICAL_HARDSHIP', name: 'shareOfIncome', value: 11 })).toThrow(/shareOfIncome must be between 0 and 10/);
    expect(() => validateOverride(coreRules, { rule: 'NOPE', name: 'x', value: 1 })).toThrow(/unknown rule NOPE/);
    expect(() => validateOverride(coreRules, { rule: 'MEDICAL_HARDSHIP', name: 'shareOfIncome', value: 0.3, year: 1999 })).toThrow(/between 2000 and 2100/);
  });

  test('two rules with one code are refused', () => {
    const twice = [{ ...departments[0]!, rules: [medicalHardship] }];
    expect(() => monitoringRules(twice)).toThrow(/two monitoring rules share the code MEDICAL_HARDSHIP/);
  });
});
