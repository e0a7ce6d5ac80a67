import fs from 'node:fs';
import { departmentFiles, departmentNames } from '../../src/cli/templates/department.templates.js';
import { wireCountyFixture, wirePolicy, wireRegistry, WiringError } from '../../src/cli/templates/department-wiring.js';

/** The generator's names and shared-file edits, on the project's real files and on broken ones. */
const names = departmentNames('volunteer-service', new Date('2026-12-01T12:00:00Z'));
const read = (file: string) => fs.readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

it('derives every spelling of a department name', () => {
  expect(names).toEqual({
    code: 'volunteer-service', camel: 'volunteerService', pascal: 'VolunteerService', snake: 'volunteer_service',
    upper: 'VOLUNTEER-SERVICE', migration: 'Migration20261201120000_volunteer_service',
  });
  expect(() => departmentNames('VolunteerService', new Date())).toThrow(/kebab-case/);
  expect(() => departmentNames('volunteer--service', new Date())).toThrow(/kebab-case/);
});

it('adds one import and one entry to the registry', () => {
  const before = read('src/departments/registry.ts');
  const after = wireRegistry(before, names);
  expect(after).toContain(`import { volunteerService } from './volunteer-service/index.js';`);
  expect(after).toMatch(/export const departments: DepartmentModule\[\] = \[civilAffairs, [^\]]*, volunteerService\];/);
  expect(after.split('\n').length - before.split('\n').length).toBe(1);
});

it('adds the partner role and grants read wherever health is read, write wherever health is written', () => {
  const before = read('src/auth/policy.ts');
  const after = wirePolicy(before, names);
  expect(after).toContain(`  'volunteer-service': departmentPartner('volunteer-service', `);
  // Today: leading-group office, township official and admin read health; admin writes it.
  expect(after.match(/'volunteer-service:read'/g)!.length).toBe(before.match(/'health:read'/g)!.length);
  expect(after.match(/'volunteer-service:write'/g)!.length).toBe(before.match(/'health:write'/g)!.length);
  expect(before.match(/'health:read'/g)!.length).toBeGreaterThanOrEqual(3);
});

it('calls the department fixture from the county fixture, before the sequences are reset', () => {
  const after = wireCountyFixture(read('test/fixtures/county-fixture.ts'), names);
  expect(after.indexOf('await loadVolunteerServiceFixture(client);')).toBeGreaterThan(after.indexOf('await loadHrssFixture(client);'));
  expect(after.indexOf('await loadVolunteerServiceFixture(client);')).toBeLessThan(after.indexOf(`for (const table of ['core.person'`));
});

it('reports which file no longer looks as expected instead of editing blindly', () => {
  expect(() => wireRegistry('export const departments = [];', names)).toThrow(WiringError);
  expect(() => wirePolicy(`  health: departmentPartner('health', 'x'),\n`, names)).toThrow(/'health:read'/);
  expect(() => wireCountyFixture(`import pg from 'pg';\n`, names)).toThrow(/sequence reset/);
});

it('writes the department as one folder (SDL and resolvers included), plus its fixture and test', () => {
  expect(Object.keys(departmentFiles(names)).sort()).toEqual([
    'src/departments/volunteer-service/index.ts',
    'src/departments/volunteer-service/migrations/Migration20261201120000_volunteer_service.ts',
    'src/departments/volunteer-service/resolvers/index.ts',
    'src/departments/volunteer-service/schema.graphql',
    'src/departments/volunteer-service/volunteer-service.entities.ts',
    'src/departments/volunteer-service/volunteer-service.filter.ts',
    'src/departments/volunteer-service/volunteer-service.intake.ts',
    'src/departments/volunteer-service/volunteer-service.records.ts',
    'src/departments/volunteer-service/volunteer-service.seed.ts',
    'test/fixtures/volunteer-service-fixture.ts',
    'test/integration/volunteer-service.test.ts',
  ]);
});
