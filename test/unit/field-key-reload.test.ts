import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newFieldSection } from '../../src/crypto/field-key-file.js';
import { fieldEncryptionFromEnvironment } from '../../src/crypto/field-encryption.js';
import { fieldKeyIds, retireFieldKeyInFile, rotateFieldKey } from '../../src/crypto/field-key-rotation.js';
import { keyIdOf } from '../../src/crypto/field-cipher.js';

/** A running hub takes up a rotated key file without a restart (docs/security.md#field-key-rotation). */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-reload-'));
const file = path.join(dir, 'keys.json');
const env = { CAREGRAPH_KEY_FILE: file, DATABASE_URL: 'postgres://unused' } as NodeJS.ProcessEnv;
const PHONE = 'core.person.phone';
beforeEach(() => fs.writeFileSync(file, JSON.stringify({ audit: { id: 'a1' }, fields: newFieldSection() }), { mode: 0o600 }));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('opens a value under a key another process added, by reading the changed file once', () => {
  const hub = fieldEncryptionFromEnvironment(env);
  const old = hub.seal(PHONE, '13800000000')!;
  rotateFieldKey(file);
  const other = fieldEncryptionFromEnvironment(env);
  const sealed = other.seal(PHONE, '13911112222')!;
  expect(keyIdOf(sealed)).toBe('f2');
  expect(hub.open(PHONE, sealed)).toBe('13911112222');
  expect(hub.open(PHONE, old)).toBe('13800000000');
  expect(hub.cipher!.keyring.active.id).toBe('f2');
  // The other sections of the file are kept.
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).audit).toEqual({ id: 'a1' });
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
});

it('seals under the rotated key within a second, and keeps its keys when the blind index key was changed', async () => {
  const hub = fieldEncryptionFromEnvironment(env);
  expect(keyIdOf(hub.seal(PHONE, '1')!)).toBe('f1');
  rotateFieldKey(file);
  await new Promise((r) => setTimeout(r, 1100));
  expect(keyIdOf(hub.seal(PHONE, '1')!)).toBe('f2');

  // f3 in a file whose blind index key was replaced too: every look-up by ID number would miss.
  rotateFieldKey(file);
  const rotated = JSON.parse(fs.readFileSync(file, 'utf8'));
  rotated.fields.blindIndex = (newFieldSection() as { blindIndex: unknown }).blindIndex;
  fs.writeFileSync(file, JSON.stringify(rotated));
  expect(hub.reloadKeys()).toBe(false);
  expect(hub.cipher!.keyring.active.id).toBe('f2');
});

it('fails with FIELD_KEY_UNKNOWN for a key id no file holds, and retires only a key that is not active', () => {
  const hub = fieldEncryptionFromEnvironment(env);
  const foreign = fieldEncryptionFromEnvironment({ CAREGRAPH_FIELD_KEYS: JSON.stringify(newFieldSection('x9')), DATABASE_URL: 'postgres://unused' } as NodeJS.ProcessEnv);
  expect(() => hub.open(PHONE, foreign.seal(PHONE, '1'))).toThrow(expect.objectContaining({ code: 'FIELD_KEY_UNKNOWN' }));
  expect(() => retireFieldKeyInFile(file, 'f1')).toThrow(expect.objectContaining({ code: 'FIELD_KEY_ACTIVE' }));
  rotateFieldKey(file);
  retireFieldKeyInFile(file, 'f1');
  expect(fieldKeyIds(file)).toEqual({ active: 'f2', keys: ['f2'], retired: ['f1'] });
  // An id is never used twice, retired ones included.
  expect(rotateFieldKey(file).added).toBe('f3');
});
