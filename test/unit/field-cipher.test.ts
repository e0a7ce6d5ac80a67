import { createCipheriv, randomBytes } from 'node:crypto';
import { Sm4Ctr } from '../../src/crypto/sm4-ctr.js';
import { FieldCipher, keyIdOf } from '../../src/crypto/field-cipher.js';
import { parseFieldSection, newFieldSection } from '../../src/crypto/field-key-file.js';
import { FieldEncryption, fieldEncryptionFromEnvironment } from '../../src/crypto/field-encryption.js';
import { FieldCryptoError } from '../../src/crypto/field-crypto-error.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof FieldCryptoError) return err.code;
    throw err;
  }
  return undefined;
};

const section = (active: string, ids: string[], blind = 'b1') => ({
  active,
  keys: Object.fromEntries(ids.map((id, i) => [id, { enc: Buffer.alloc(16, i + 1).toString('base64'), mac: Buffer.alloc(32, i + 11).toString('base64') }])),
  blindIndex: { id: blind, key: Buffer.alloc(32, 9).toString('base64') },
});
const cipherWith = (active: string, ids: string[]) => new FieldCipher(parseFieldSection(section(active, ids), 'test'));

describe('SM4-CTR on one reused ECB object', () => {
  it("equals OpenSSL's sm4-ctr byte for byte, carries across the whole counter, and keeps working after many values", () => {
    const key = randomBytes(16);
    const ctr = new Sm4Ctr(key);
    const ivs = [randomBytes(16), Buffer.alloc(16, 0xff), Buffer.concat([randomBytes(8), Buffer.alloc(8, 0xff)]), Buffer.concat([randomBytes(12), Buffer.from([0, 0, 0xff, 0xfe])])];
    for (const iv of ivs) {
      for (const length of [0, 1, 15, 16, 17, 18, 200, 613]) {
        const data = randomBytes(length);
        const openssl = createCipheriv('sm4-ctr', key, iv);
        expect(ctr.apply(iv, data)).toEqual(Buffer.concat([openssl.update(data), openssl.final()]));
      }
    }
  });
});

describe('field cipher', () => {
  const cipher = cipherWith('f1', ['f1']);

  it('writes sm4:v1:<key id>:<base64url> with a fresh IV per value and opens it', () => {
    const a = cipher.encrypt('core.person.phone', '13812345678');
    const b = cipher.encrypt('core.person.phone', '13812345678');
    expect(a).toMatch(/^sm4:v1:f1:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(keyIdOf(a)).toBe('f1');
    expect(cipher.decrypt('core.person.phone', a)).toBe('13812345678');
    expect(cipher.decrypt('core.person.address', cipher.encrypt('core.person.address', '河南省焦作市武陟县詹店镇东王村23号'))).toBe('河南省焦作市武陟县詹店镇东王村23号');
    expect(cipher.decrypt('core.person.phone', cipher.encrypt('core.person.phone', ''))).toBe('');
  });

  it('refuses a ciphertext moved to another column, edited, truncated or relabelled with another key id (coded, never garbage)', () => {
    const stored = cipher.encrypt('core.person.phone', '13812345678');
    expect(codeOf(() => cipher.decrypt('core.person.address', stored))).toBe('FIELD_DECRYPT_FAILED');
    expect(codeOf(() => cipher.decrypt('core.household.address', stored))).toBe('FIELD_DECRYPT_FAILED');
    const body = Buffer.from(stored.slice('sm4:v1:f1:'.length), 'base64url');
    body[20]! ^= 1;
    expect(codeOf(() => cipher.decrypt('core.person.phone', `sm4:v1:f1:${body.toString('base64url')}`))).toBe('FIELD_DECRYPT_FAILED');
    expect(codeOf(() => cipher.decrypt('core.person.phone', stored.slice(0, 30)))).toBe('FIELD_DECRYPT_FAILED');
    const two = cipherWith('f1', ['f1', 'f2']);
    expect(codeOf(() => two.decrypt('core.person.phone', stored.replace('sm4:v1:f1:', 'sm4:v1:f2:')))).toBe('FIELD_DECRYPT_FAILED');
    expect(codeOf(() => cipher.decrypt('core.person.phone', stored.replace('sm4:v1:f1:', 'sm4:v1:zz:')))).toBe('FIELD_KEY_UNKNOWN');
  });

  it('encrypts with the active key and still opens values of a retired one (rotation)', () => {
    const old = cipherWith('f1', ['f1']).encrypt('core.person.phone', '13900000000');
    const rotated = cipherWith('f2', ['f1', 'f2']);
    expect(keyIdOf(rotated.encrypt('core.person.phone', '1'))).toBe('f2');
    expect(rotated.decrypt('core.person.phone', old)).toBe('13900000000');
    expect(codeOf(() => cipherWith('f2', ['f2']).decrypt('core.person.phone', old))).toBe('FIELD_KEY_UNKNOWN');
  });

  it('gives equal values equal blind indexes under one key, and nothing of the value', () => {
    const index = cipher.blindIndex('id-number', '110105194912310021');
    expect(index).toBe(cipher.blindIndex('id-number', '110105194912310021'));
    expect(index).not.toBe(cipher.blindIndex('id-number', '110105194912310013'));
    expect(index).not.toContain('110105');
    expect(Buffer.from(index, 'base64url')).toHaveLength(32);
  });
});

describe('opened values kept', () => {
  const encryption = () => new FieldEncryption('on', cipherWith('f1', ['f1']));

  it('answers a value read again from what it opened, and still verifies anything else: moved, edited or replaced', () => {
    const fe = encryption();
    const stored = fe.seal('core.person.phone', '13812345678')!;
    expect(fe.open('core.person.phone', stored)).toBe('13812345678');
    expect(fe.open('core.person.phone', stored)).toBe('13812345678');
    // The same text in another column is another entry: its tag binds the first column.
    expect(codeOf(() => fe.open('core.person.address', stored))).toBe('FIELD_DECRYPT_FAILED');
    const body = Buffer.from(stored.slice('sm4:v1:f1:'.length), 'base64url');
    body[18]! ^= 1;
    expect(codeOf(() => fe.open('core.person.phone', `sm4:v1:f1:${body.toString('base64url')}`))).toBe('FIELD_DECRYPT_FAILED');
    // A value that failed is not remembered: it fails every time.
    expect(codeOf(() => fe.open('core.person.address', stored))).toBe('FIELD_DECRYPT_FAILED');
  });

  it('keeps a bounded number of values, dropping the least recently read', () => {
    const fe = encryption();
    const first = fe.seal('core.person.phone', '13800000000')!;
    fe.open('core.person.phone', first);
    for (let i = 0; i < 20_000; i++) fe.open('core.person.phone', fe.seal('core.person.phone', `139${String(i).padStart(8, '0')}`));
    const opened = (fe as unknown as { opened: Map<string, unknown> }).opened;
    expect(opened.size).toBe(20_000);
    expect(opened.has(first)).toBe(false);
    expect(fe.open('core.person.phone', first)).toBe('13800000000');
  });
});

describe('keys', () => {
  it('names the entry at fault in a malformed section (FIELD_KEY_INVALID)', () => {
    expect(codeOf(() => parseFieldSection({ ...section('f1', ['f1']), active: 'f9' }, 'test'))).toBe('FIELD_KEY_INVALID');
    expect(codeOf(() => parseFieldSection({ ...section('f1', ['f1']), keys: { f1: { enc: Buffer.alloc(8).toString('base64'), mac: Buffer.alloc(32).toString('base64') } } }, 'test'))).toBe('FIELD_KEY_INVALID');
    expect(codeOf(() => parseFieldSection({ ...section('f1', ['f1']), blindIndex: {} }, 'test'))).toBe('FIELD_KEY_INVALID');
    expect(codeOf(() => parseFieldSection(null, 'test'))).toBe('FIELD_KEY_INVALID');
    expect(() => parseFieldSection(newFieldSection(), 'test')).not.toThrow();
  });

  it('refuses to run encrypted without keys (FIELD_KEY_MISSING); off runs without them, writing clear values', () => {
    expect(codeOf(() => fieldEncryptionFromEnvironment({ DATABASE_URL: 'postgres://x' }))).toBe('FIELD_KEY_MISSING');
    const off = fieldEncryptionFromEnvironment({ DATABASE_URL: 'postgres://x', CAREGRAPH_FIELD_ENCRYPTION: 'off' });
    expect(off.seal('core.person.phone', '13800000000')).toBe('13800000000');
    expect(off.open('core.person.phone', '13800000000')).toBe('13800000000');
    expect(codeOf(() => fieldEncryptionFromEnvironment({ DATABASE_URL: 'postgres://x', CAREGRAPH_FIELD_ENCRYPTION: 'maybe' }))).toBe('FIELD_KEY_INVALID');
  });

  it('reads both forms when off, and refuses a clear value when on (written past the hub)', () => {
    const cipher = cipherWith('f1', ['f1']);
    const sealed = cipher.encrypt('core.person.phone', '13800000000');
    expect(new FieldEncryption('off', cipher).open('core.person.phone', sealed)).toBe('13800000000');
    expect(codeOf(() => new FieldEncryption('on', cipher).open('core.person.phone', '13800000000'))).toBe('FIELD_NOT_ENCRYPTED');
  });
});
