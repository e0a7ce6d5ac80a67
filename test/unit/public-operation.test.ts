import { getIntrospectionQuery, parse } from 'graphql';
import { buildRawSchema } from '../../src/server/schema.js';
import { departments } from '../../src/departments/registry.js';
import { createPublicOperationCheck } from '../../src/auth/public-operation.js';

/** What a request without credentials may run: `@public` fields and introspection, nothing else. */
const onlyPublic = createPublicOperationCheck(buildRawSchema(departments));

it('lets GraphiQL introspect without a key: its query spreads fragments on __Type, __Field and __InputValue', () => {
  expect(onlyPublic(parse(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true })))).toBe(true);
  expect(onlyPublic(parse('{ __schema { queryType { name } } }'))).toBe(true);
});

it('still refuses non-public fields, also inside fragments or beside introspection', () => {
  expect(onlyPublic(parse('{ regions { code name } }'))).toBe(true);
  expect(onlyPublic(parse('{ persons(first: 1) { totalCount } }'))).toBe(false);
  expect(onlyPublic(parse('query { ...Q } fragment Q on Query { persons(first: 1) { totalCount } }'))).toBe(false);
  expect(onlyPublic(parse('{ __schema { queryType { name } } persons(first: 1) { totalCount } }'))).toBe(false);
});
