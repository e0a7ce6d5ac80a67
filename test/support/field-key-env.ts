/**
 * Every hub a test starts encrypts persons' identifying fields (src/crypto/), with keys from the
 * environment. Tests use these fixed ones (child processes inherit them); a test of the key
 * handling itself sets or removes the variables for its own hub or child process.
 */
export const TEST_FIELD_KEYS = JSON.stringify({
  active: 't1',
  keys: { t1: { enc: Buffer.alloc(16, 1).toString('base64'), mac: Buffer.alloc(32, 2).toString('base64') } },
  blindIndex: { id: 'tb1', key: Buffer.alloc(32, 3).toString('base64') },
});
if (!process.env.CAREGRAPH_KEY_FILE) process.env.CAREGRAPH_FIELD_KEYS ??= TEST_FIELD_KEYS;
