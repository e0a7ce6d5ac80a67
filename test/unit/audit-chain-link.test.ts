import { canonicalContent, chainLink, GENESIS_LINK, storedText, type LinkContent } from '../../src/audit-chain/chain-link.js';
import { parseEnvKey, parseKeyFile } from '../../src/audit-chain/audit-keyring.js';
import { errorCodeOf } from '../support/error-code.js';

/** The canonical serialisation is a contract with every chain already written: it must not drift. */
const row: LinkContent = {
  chainId: '2026-12-07.3',
  seq: '17',
  keyId: 'a1',
  at: '2026-12-07T08:00:01.123456Z',
  requestId: 'req-1',
  callerId: 'caller:7',
  callerName: '民政"低保"\\系统',
  purpose: 'CASE_MANAGEMENT',
  operationName: null,
  personId: '42',
  householdId: null,
  fields: ['Person.idNumber', 'Person.name'],
};

it('serialises a row as the documented JSON array, byte for byte', () => {
  expect(canonicalContent(row)).toBe(
    '["caregraph-audit-v1","2026-12-07.3","17","a1","2026-12-07T08:00:01.123456Z","req-1","caller:7","民政\\"低保\\"\\\\系统","CASE_MANAGEMENT",null,"42",null,["Person.idNumber","Person.name"]]',
  );
});

it('links with HMAC-SM3 over the previous link and the content: a fixed vector', () => {
  const key = Buffer.alloc(32, 1);
  const first = chainLink(key, GENESIS_LINK, row);
  expect(first.toString('hex')).toBe('5049f3ba7a23c0961404689a92a0146f55ffa0832a11b625b44627fc0e184d29');
  expect(chainLink(key, first, row).equals(first)).toBe(false);
  expect(chainLink(Buffer.alloc(32, 2), GENESIS_LINK, row).equals(first)).toBe(false);
  expect(chainLink(key, GENESIS_LINK, { ...row, fields: ['Person.idNumber'] }).equals(first)).toBe(false);
});

it('cuts names to their column in characters, not UTF-16 units, as PostgreSQL stores them', () => {
  expect(storedText('𠀀'.repeat(3), 2)).toBe('𠀀𠀀');
  expect(storedText('ab', 100)).toBe('ab');
  expect(storedText('a\ud800b', 100)).toBe('a\ufffdb');
});

it('reads the key file (current and retired keys) and refuses malformed ones with codes', () => {
  const key = (n: number) => Buffer.alloc(32, n).toString('base64');
  const ring = parseKeyFile(JSON.stringify({ audit: { id: 'a2', key: key(2), retired: [{ id: 'a1', key: key(1) }] }, fields: { sm4: 'later' } }), '/k.json');
  expect(ring.current.id).toBe('a2');
  expect([...ring.byId.keys()].sort()).toEqual(['a1', 'a2']);
  expect(errorCodeOf(() => parseKeyFile('{', '/k.json'))).toBe('AUDIT_KEY_INVALID');
  expect(errorCodeOf(() => parseKeyFile('{"fields":{}}', '/k.json'))).toBe('AUDIT_KEY_INVALID');
  expect(errorCodeOf(() => parseKeyFile(JSON.stringify({ audit: { id: 'a1', key: 'c2hvcnQ=' } }), '/k.json'))).toBe('AUDIT_KEY_INVALID');
  expect(errorCodeOf(() => parseKeyFile(JSON.stringify({ audit: { id: 'a1', key: key(1), retired: [{ id: 'a1', key: key(2) }] } }), '/k.json'))).toBe('AUDIT_KEY_INVALID');
  expect(parseEnvKey(`env1:${key(3)}`).current.id).toBe('env1');
  expect(errorCodeOf(() => parseEnvKey(key(3)))).toBe('AUDIT_KEY_INVALID');
});
