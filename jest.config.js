/** Jest runs TypeScript through SWC as native ESM (NODE_OPTIONS=--experimental-vm-modules). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The audit chain key every test hub signs with, and the field keys it encrypts with.
  setupFiles: ['<rootDir>/test/support/audit-key-env.ts', '<rootDir>/test/support/field-key-env.ts'],
  testTimeout: 60000,
};
