import { buildRawSchema } from '../../src/server/schema.js';
import { departments } from '../../src/departments/registry.js';
import { accessDeclarationProblems, assertAccessDeclared } from '../../src/auth/check-access-declarations.js';
import type { DepartmentModule } from '../../src/contract/department-module.js';

function withDepartment(typeDefs: string): { schema: ReturnType<typeof buildRawSchema>; dept: DepartmentModule } {
  const dept: DepartmentModule = {
    code: 'probe', dbSchema: 'probe', personField: 'probe', typeDefs, resolvers: {}, entities: [], migrations: [],
  };
  return { schema: buildRawSchema([...departments, dept]), dept };
}

describe('deny by default, checked at boot', () => {
  it('accepts the shipped schema', () => {
    expect(accessDeclarationProblems(buildRawSchema(departments), departments)).toEqual([]);
  });

  it('refuses a root field that declares no access, naming it', () => {
    const { schema, dept } = withDepartment(`extend type Query { probeCount: Int }`);
    expect(() => assertAccessDeclared(schema, [...departments, dept])).toThrow(/Query\.probeCount declares no access/);
  });

  it('accepts a root field with an explicit @public', () => {
    const { schema, dept } = withDepartment(`extend type Query { probeVersion: String @public }`);
    expect(accessDeclarationProblems(schema, [...departments, dept])).toEqual([]);
  });

  it('refuses a department type without @requiresScopes', () => {
    const { schema, dept } = withDepartment(`
      extend type Person { probe: ProbeProfile @requiresScopes(scopes: [["probe:read"]]) }
      type ProbeProfile { secret: String }`);
    expect(accessDeclarationProblems(schema, [...departments, dept])).toContain(
      'ProbeProfile (department probe) declares no access: add @requiresScopes to the type',
    );
  });

  it('refuses a protected field that is non-null (a denial could not be null)', () => {
    const { schema, dept } = withDepartment(`
      extend type Person { probe: ProbeProfile! }
      type ProbeProfile @requiresScopes(scopes: [["probe:read"]]) { secret: String }`);
    expect(accessDeclarationProblems(schema, [...departments, dept])).toContain(
      'Person.probe is protected, so it must be nullable (a denied field resolves to null)',
    );
  });

  it('refuses a filter field that declares no access', () => {
    const { schema, dept } = withDepartment(`
      input ProbePersonFilter { flag: Boolean }
      extend input PersonFilter { probe: ProbePersonFilter }`);
    expect(accessDeclarationProblems(schema, [...departments, dept])).toContain(
      'PersonFilter.probe declares no access: add @requiresScopes to the filter field',
    );
  });
});
