import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `npm run new:department` as an outside developer would use it: in a throw-away copy of the
 * project, scaffold a made-up department, then the generated project must pass codegen,
 * typecheck, the boot-time access check, and the department's own generated integration test
 * (records, filter, intake, denial), the intake docs check plus the permission matrix (real PostgreSQL, real HTTP) without a hand edit.
 */
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const SKIP = new Set(['node_modules', '.git', '.data', 'results']);
let copy: string;

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: copy, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules' } });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
}

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-scaffold-'));
  fs.cpSync(projectRoot, copy, { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) });
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(copy, 'node_modules'));
});
afterAll(() => {
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

it('scaffolds a department that passes codegen, typecheck, the boot check and its own tests', () => {
  const out = run('npx', ['tsx', 'src/cli/new-department.ts', 'volunteer-service']);
  expect(out).toContain('+ src/departments/volunteer-service/schema.graphql');
  expect(out).toContain('+ src/departments/volunteer-service/resolvers/index.ts');
  expect(out).not.toMatch(/\+ (schema|resolvers)\//);
  expect(out).toContain('~ src/departments/registry.ts');
  expect(fs.readFileSync(path.join(copy, 'src/auth/policy.ts'), 'utf8')).toContain(`'volunteer-service': departmentPartner('volunteer-service'`);

  run('npx', ['graphql-codegen', '--config', 'codegen.ts']);
  const generated = fs.readFileSync(path.join(copy, 'src/generated/graphql.ts'), 'utf8');
  expect(generated).toContain('export type VolunteerServiceProfile = {');
  expect(generated).toContain('export type VolunteerServiceRecord = DepartmentRecord & {');
  run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);

  fs.writeFileSync(path.join(copy, 'boot-check.ts'), `import { buildSchema } from './src/server/schema.js';
import { departments } from './src/departments/registry.js';
const schema = buildSchema(departments); // throws when any access declaration is missing
console.log(departments.map((d) => d.code).join(','), Object.keys(schema.getTypeMap()).filter((t) => t.startsWith('VolunteerService')).join(','));
`);
  expect(run('npx', ['tsx', 'boot-check.ts']).trim()).toBe(
    'civil-affairs,disability,education,womens-federation,health,hrss,volunteer-service VolunteerServiceProfile,VolunteerServiceRecord,VolunteerServicePersonFilter,VolunteerServiceRecordIntake',
  );

  run('npx', ['tsx', 'src/ingest/write-intake-docs.ts']);
  expect(fs.readFileSync(path.join(copy, 'docs/intake.md'), 'utf8')).toContain('upsertVolunteerServiceRecords');

  const tests = ['test/integration/volunteer-service.test.ts', 'test/integration/permission-matrix.test.ts', 'test/unit/intake-docs.test.ts'];
  const results = JSON.parse(run('npx', ['jest', '--runInBand', '--json', ...tests]));
  expect({ suites: results.numTotalTestSuites, failed: results.numFailedTests }).toEqual({ suites: 3, failed: 0 });
  expect(results.numPassedTests).toBeGreaterThanOrEqual(4 + 10); // 4 generated tests (incl. intake) + the matrix for 7+ roles
}, 300_000);

it('refuses a name that is not kebab-case or that exists, writing nothing', () => {
  const before = fs.readFileSync(path.join(copy, 'src/departments/registry.ts'), 'utf8');
  expect(() => run('npx', ['tsx', 'src/cli/new-department.ts', 'Volunteer_Service'])).toThrow(/must be kebab-case/);
  expect(() => run('npx', ['tsx', 'src/cli/new-department.ts', 'hrss'])).toThrow(/exists already: .*src\/departments\/hrss\//);
  expect(fs.readFileSync(path.join(copy, 'src/departments/registry.ts'), 'utf8')).toBe(before);
});
