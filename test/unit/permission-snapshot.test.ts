import { buildRawSchema } from '../../src/server/schema.js';
import { departments } from '../../src/departments/registry.js';
import { permissionReport } from '../../src/auth/permission-report.js';
import { rolePermissionView } from '../../src/auth/role-permission-view.js';
import { grantsFor } from '../../src/auth/grants.js';
import { ROLES } from '../../src/auth/policy.js';

const schema = buildRawSchema(departments);

/**
 * Every `Type.field → scopes / mask` of the merged schema. A diff of this snapshot is a
 * permission change: review it as one (and update with `npm test -- -u` only when intended).
 */
it('the permission surface of the whole schema matches the reviewed snapshot', () => {
  const report = permissionReport(schema);
  expect(report.length).toBeGreaterThan(150);
  expect(report.join('\n')).toMatchSnapshot();
});

/**
 * The same surface per role of src/auth/policy.ts: which fields the role sees clear, masked or
 * not at all, and whether its counts are exact or protected. A policy change (a scope added to
 * a role) shows here as the fields it opens, role by role.
 */
describe('what each role sees', () => {
  it.each(Object.keys(ROLES))('%s', (role) => {
    expect(rolePermissionView(schema, grantsFor([role])).join('\n')).toMatchSnapshot();
  });
});

it('reads the policy as the enforcement does: an ID number masked for the office, clear under a purpose for case work, unseen by the auditor', () => {
  const view = (role: string) => rolePermissionView(schema, grantsFor([role]));
  expect(view('leading-group-office')).toContain('Person.idNumber: masked ID_NUMBER');
  expect(view('leading-group-office')).toContain('PersonConnection.totalCount: clear, counts protected');
  expect(view('township-official')).toContain('Person.idNumber: clear with purpose');
  expect(view('township-official')).toContain('PersonConnection.totalCount: clear, counts exact');
  expect(view('auditor')).toContain('Person.*: denied');
});
