import { buildRawSchema } from '../../src/server/schema.js';
import { departments } from '../../src/departments/registry.js';
import { permissionReport } from '../../src/auth/permission-report.js';

/**
 * Every `Type.field → scopes / mask` of the merged schema. A diff of this snapshot is a
 * permission change: review it as one (and update with `npm test -- -u` only when intended).
 */
it('the permission surface of the whole schema matches the reviewed snapshot', () => {
  const report = permissionReport(buildRawSchema(departments));
  expect(report.length).toBeGreaterThan(150);
  expect(report.join('\n')).toMatchSnapshot();
});
