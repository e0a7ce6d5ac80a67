/**
 * The three shared lines a new department needs, as pure text edits (so they are testable and
 * report clearly when a file no longer looks the way they expect):
 * - the registry: an import and an entry in `departments`;
 * - the policy: a partner role, and the department's read scope for every role that reads
 *   health records (the cross-department roles), its write scope wherever `health:write` is;
 * - the county test fixture: a call loading the department's rows.
 */
import type { DepartmentNames } from './department.templates.js';

export class WiringError extends Error {}

function insertAfterLast(text: string, pattern: RegExp, line: string, what: string): string {
  const matches = [...text.matchAll(pattern)];
  const last = matches.at(-1);
  if (!last) throw new WiringError(`cannot find ${what}`);
  const end = text.indexOf('\n', last.index!) + 1;
  return text.slice(0, end) + line + '\n' + text.slice(end);
}

export function wireRegistry(text: string, n: DepartmentNames): string {
  const withImport = insertAfterLast(text, /^import \{ \w+ \} from '\.\/[\w-]+\/index\.js';$/gm, `import { ${n.camel} } from './${n.code}/index.js';`, 'the department imports in src/departments/registry.ts');
  const list = /(export const departments: DepartmentModule\[\] = \[[^\]]*?)(,?\s*)\];/;
  if (!list.test(withImport)) throw new WiringError('cannot find `export const departments: DepartmentModule[] = [...]` in src/departments/registry.ts');
  return withImport.replace(list, (_m, items: string) => `${items}, ${n.camel}];`);
}

export function wirePolicy(text: string, n: DepartmentNames): string {
  const withRole = insertAfterLast(
    text,
    /^ {2}[\w'-]+: departmentPartner\(.*\),$/gm,
    `  '${n.code}': departmentPartner('${n.code}', '${n.pascal} system (TODO: 中文)'),`,
    'a `departmentPartner(...)` role line in src/auth/policy.ts',
  );
  if (!withRole.includes(`'health:read'`)) throw new WiringError(`cannot find 'health:read' grants in src/auth/policy.ts`);
  return withRole.replaceAll(`'health:read'`, `'health:read', '${n.code}:read'`).replaceAll(`'health:write'`, `'health:write', '${n.code}:write'`);
}

export function wireCountyFixture(text: string, n: DepartmentNames): string {
  const withImport = insertAfterLast(text, /^import .*;$/gm, `import { load${n.pascal}Fixture } from './${n.code}-fixture.js';`, 'imports in test/fixtures/county-fixture.ts');
  const anchor = /^ {2}for \(const table of \['core\.person'/m;
  if (!anchor.test(withImport)) throw new WiringError('cannot find the sequence reset at the end of loadCountyFixture in test/fixtures/county-fixture.ts');
  return withImport.replace(anchor, (m) => `  await load${n.pascal}Fixture(client);\n${m}`);
}
