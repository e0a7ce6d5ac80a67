/**
 * Every hub a test starts writes the audit trail's chains (src/audit-chain/), which needs a key
 * from the environment. Tests use this fixed one (child processes inherit it); a test of the
 * key handling itself sets or removes the variables for its own child process.
 */
export const TEST_AUDIT_KEY = `test1:${Buffer.alloc(32, 7).toString('base64')}`;
if (!process.env.CAREGRAPH_KEY_FILE) process.env.CAREGRAPH_AUDIT_KEY ??= TEST_AUDIT_KEY;
