/**
 * Scaffolds a department through the module contract (docs/extending.md):
 *
 *   npm run new:department -- <kebab-case-name> [--root <project dir>]
 *
 * Writes the department's one folder, src/departments/<name>/ (SDL, resolvers, entity, records,
 * filter, intake kind, migration, seed, index), a test fixture and an integration test; adds the registry line, the policy role and scopes and
 * the fixture call; then prints the next steps. Refuses names whose files or types exist already.
 */
import fs from 'node:fs';
import path from 'node:path';
import { departmentFiles, departmentNames, declaredTypes, type DepartmentNames } from './templates/department.templates.js';
import { sdlFiles } from '../departments/sdl.js';
import { wireCountyFixture, wirePolicy, wireRegistry, WiringError } from './templates/department-wiring.js';

const SHARED_EDITS: Array<[string, (text: string, n: DepartmentNames) => string]> = [
  ['src/departments/registry.ts', wireRegistry],
  ['src/auth/policy.ts', wirePolicy],
  ['test/fixtures/county-fixture.ts', wireCountyFixture],
];

function fail(message: string): never {
  console.error(`new:department: ${message}`);
  process.exit(1);
}

function existingTypeNames(root: string): Set<string> {
  const names = new Set<string>();
  for (const file of sdlFiles(root)) {
    const sdl = fs.readFileSync(path.join(root, file), 'utf8');
    for (const m of sdl.matchAll(/^(?:type|input|enum|interface|scalar|union)\s+(\w+)/gm)) names.add(m[1]!);
  }
  return names;
}

function main(argv: string[]): void {
  const rootAt = argv.indexOf('--root');
  const root = path.resolve(rootAt >= 0 ? argv[rootAt + 1] ?? fail('--root needs a directory') : '.');
  const code = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--root')[0] ?? fail('usage: npm run new:department -- <kebab-case-name>');
  let names: DepartmentNames;
  try {
    names = departmentNames(code, new Date());
  } catch (err) {
    fail((err as Error).message);
  }
  const files = departmentFiles(names);
  const clash = Object.keys(files).filter((f) => fs.existsSync(path.join(root, f)));
  if (fs.existsSync(path.join(root, 'src/departments', code))) clash.push(`src/departments/${code}/`);
  if (clash.length) fail(`a department named "${code}" exists already: ${clash.join(', ')}`);
  const taken = declaredTypes(names).filter((t) => existingTypeNames(root).has(t));
  if (taken.length) fail(`the schema already declares ${taken.join(', ')}: choose another name`);

  // Compute every shared edit before writing anything, so a failed anchor leaves no half-made department.
  let edited: Array<[string, string]>;
  try {
    edited = SHARED_EDITS.map(([file, wire]) => [file, wire(fs.readFileSync(path.join(root, file), 'utf8'), names)]);
  } catch (err) {
    if (err instanceof WiringError) fail(`${err.message}; nothing was written`);
    throw err;
  }
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  for (const [file, content] of edited) fs.writeFileSync(path.join(root, file), content);

  console.log(`Created department "${code}":`);
  for (const file of Object.keys(files)) console.log(`  + ${file}`);
  for (const [file] of edited) console.log(`  ~ ${file}`);
  console.log(`
Next steps (docs/extending.md):
  1. npm run codegen                      # types for the new SDL (commit src/generated/graphql.ts)
  2. npm run typecheck
  3. npx tsx src/ingest/write-intake-docs.ts  # the intake header table in docs/intake.md
  4. NODE_OPTIONS=--experimental-vm-modules npx jest test/integration/${code}.test.ts
  5. NODE_OPTIONS=--experimental-vm-modules npx jest test/unit/permission-snapshot.test.ts -u
     and review the snapshot diff: it is the new department's permission change
  6. Review src/auth/policy.ts: role '${code}' and the ${code}:read/${code}:write grants
  7. Replace the example record kind (${names.pascal}Record) with the department's real ones
     (entity, migration, records, intake kind); fill in the TODO Chinese names in
     src/departments/${code}/schema.graphql
  8. When the department has them: report dimensions, warning rules and assistance-chain events
     go in its folder too, listed in its module (docs/extending.md §4–5)`);
}

main(process.argv.slice(2));
