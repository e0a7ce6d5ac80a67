import fs from 'node:fs';
import { FieldCipher, isCiphertext } from './field-cipher.js';
import type { FieldKeyring } from './field-keyring.js';
import { FieldCryptoError } from './field-crypto-error.js';
import { FIELD_KEYS_ENV, fieldKeyringFromEnvironment, KEY_FILE_ENV } from './field-key-file.js';
import { fieldKeysForEmbedded } from './embedded-field-keys.js';

/** `off` is for benchmarks only (docs/security.md): values are written in clear. */
export const FIELD_ENCRYPTION_ENV = 'CAREGRAPH_FIELD_ENCRYPTION';
export type FieldEncryptionMode = 'on' | 'off';

/**
 * Opened values kept, most recently used last: a case worker's household, a monitoring list's
 * persons are read again and again, and opening one value costs ~7 µs (an HMAC-SM3 and SM4-CTR;
 * `npx tsx bench/field-crypto.ts`). Keyed by the whole stored text, whose random IV makes it unique
 * to one sealing of one value, and kept with the column it opened for: a changed or replaced
 * ciphertext is a new key, one moved to another column a mismatch, and both are verified again. Plaintext lives in the process's memory only, as it does while a response is
 * built; the at-rest threat model (docs/security.md) is unchanged. ~20,000 entries, a few MB.
 */
const OPENED_CACHE_ENTRIES = 20_000;

/** Blind index domain of ID numbers (persons and, later, third parties share it: one look-up finds both). */
const ID_NUMBER_DOMAIN = 'id-number';

/**
 * What the hub's writers and readers call: seal a value for a column, open one, and the blind
 * index of an ID number. With encryption on, a stored value that is not a ciphertext is refused
 * (FIELD_NOT_ENCRYPTED): someone wrote it past the hub. Off, values are written in clear and both
 * forms read; ID numbers are still indexed with HMAC-SM3 when keys are present, so a database
 * can be switched on later (the boot conversion encrypts what is clear).
 */
export class FieldEncryption {
  private keys: FieldCipher | null;
  /** Stored text → the column it opened for and its plaintext. */
  private readonly opened = new Map<string, { column: string; plain: string }>();
  private fileCheckedAt = 0;
  private fileStamp: string | null;

  /**
   * @param keyFile the key file the keys came from, re-read when it changes (`npm run keys -- rotate`
   *   / `retire` while hubs run): checked at most once a second on a write, and at once when a
   *   value names a key id the ring does not hold. Null for keys from a variable (restart to change).
   * @param reload reads the keys again from where they came from
   */
  constructor(
    readonly mode: FieldEncryptionMode,
    cipher: FieldCipher | null,
    private readonly keyFile: string | null = null,
    private readonly reload: (() => FieldKeyring | null) | null = null,
  ) {
    this.keys = cipher;
    this.fileStamp = keyFile ? stampOf(keyFile) : null;
  }

  /** The cipher of the current keys (a re-read key file replaces it). */
  get cipher(): FieldCipher | null {
    return this.keys;
  }

  /** The stored form of `value` in `column`. */
  seal(column: string, value: string | null | undefined): string | null {
    if (value == null) return null;
    if (this.mode !== 'on') return value;
    // A rotated key file makes its new key active here within a second, so re-encryption is not
    // overtaken for long by writes under the old key (it runs passes until none is left).
    if (this.keyFile) {
      const now = Date.now();
      if (now - this.fileCheckedAt >= 1000) {
        this.fileCheckedAt = now;
        if (stampOf(this.keyFile) !== this.fileStamp) this.reloadKeys();
      }
    }
    return this.requireCipher().encrypt(column, value);
  }

  /** The plaintext of a stored value of `column`. */
  open(column: string, stored: string | null | undefined): string | null {
    if (stored == null) return null;
    if (isCiphertext(stored)) {
      const known = this.opened.get(stored);
      // Only for the column it opened for: its tag binds that column, any other must fail to open.
      if (known !== undefined && known.column === column) {
        this.opened.delete(stored);
        this.opened.set(stored, known);
        return known.plain;
      }
      const plain = this.decrypt(column, stored);
      if (this.opened.size >= OPENED_CACHE_ENTRIES) this.opened.delete(this.opened.keys().next().value!);
      this.opened.set(stored, { column, plain });
      return plain;
    }
    if (this.mode === 'on') throw new FieldCryptoError('FIELD_NOT_ENCRYPTED', `a value of ${column} is stored in clear, which the hub never writes with encryption on`);
    return stored;
  }

  /** Opens with the current keys; when the value names a key the ring lacks and the key file changed, reads it again once. */
  private decrypt(column: string, stored: string): string {
    try {
      return this.requireCipher().decrypt(column, stored);
    } catch (err) {
      // Another process rotated the keys and wrote with the new one: read the file again, once.
      // Only when the file changed: a value under a key no file holds must not re-read it on every read.
      const rotated = err instanceof FieldCryptoError && err.code === 'FIELD_KEY_UNKNOWN' && this.keyFile !== null && stampOf(this.keyFile) !== this.fileStamp;
      if (!rotated || !this.reloadKeys()) throw err;
      return this.requireCipher().decrypt(column, stored);
    }
  }

  /** Blind index of a canonical (18-character, upper-case) ID number. */
  idNumberIndex(canonical: string): string {
    return this.cipher ? this.cipher.blindIndex(ID_NUMBER_DOMAIN, canonical) : canonical;
  }

  /**
   * Reads the keys again; says whether they changed. A file that no longer parses, or whose blind
   * index key differs (every look-up by ID number would miss), leaves the keys as they were.
   */
  reloadKeys(): boolean {
    if (!this.reload) return false;
    if (this.keyFile) this.fileStamp = stampOf(this.keyFile);
    let ring: FieldKeyring | null;
    try {
      ring = this.reload();
    } catch {
      return false;
    }
    if (!ring) return false;
    const old = this.keys?.keyring;
    if (old && !old.blindIndex.key.equals(ring.blindIndex.key)) return false;
    if (old && old.active.id === ring.active.id && old.keys.size === ring.keys.size && [...ring.keys.keys()].every((id) => old.keys.has(id))) return false;
    this.keys = new FieldCipher(ring);
    // A retired key's values must stop opening: forget what was opened under the old ring.
    this.opened.clear();
    return true;
  }

  private requireCipher(): FieldCipher {
    if (this.keys) return this.keys;
    throw new FieldCryptoError('FIELD_KEY_MISSING', `no field keys: set ${KEY_FILE_ENV} to a key file with a "fields" section, or ${FIELD_KEYS_ENV} (docs/security.md)`);
  }
}

/** The mode the environment asks for: on unless CAREGRAPH_FIELD_ENCRYPTION=off. */
export function fieldEncryptionMode(env: NodeJS.ProcessEnv = process.env): FieldEncryptionMode {
  const value = (env[FIELD_ENCRYPTION_ENV] ?? 'on').toLowerCase();
  if (value === 'on' || value === 'off') return value;
  throw new FieldCryptoError('FIELD_KEY_INVALID', `${FIELD_ENCRYPTION_ENV} must be "on" or "off" (got ${JSON.stringify(env[FIELD_ENCRYPTION_ENV])})`);
}

/** Field encryption as the environment configures it; FIELD_KEY_MISSING when on without keys. */
export function fieldEncryptionFromEnvironment(env: NodeJS.ProcessEnv = process.env): FieldEncryption {
  const mode = fieldEncryptionMode(env);
  // Whichever command starts the embedded demo first (`npm start`, `start:federated`, `seed`), its key file gets the section.
  if (!env.DATABASE_URL && env === process.env) fieldKeysForEmbedded(true);
  const keyring = fieldKeyringFromEnvironment(env);
  if (!keyring && mode === 'on') {
    throw new FieldCryptoError(
      'FIELD_KEY_MISSING',
      `no field encryption keys: give ${KEY_FILE_ENV} a key file with a "fields" section ` +
        `({ "active": "f1", "keys": { "f1": { "enc": "<16 bytes, base64>", "mac": "<32 bytes, base64>" } }, "blindIndex": { "id": "b1", "key": "<32 bytes, base64>" } }), ` +
        `or set ${FIELD_KEYS_ENV} to that section. Keep the keys outside the database (docs/security.md).`,
    );
  }
  const keyFile = !env[FIELD_KEYS_ENV] && env[KEY_FILE_ENV] ? env[KEY_FILE_ENV]! : null;
  return new FieldEncryption(mode, keyring ? new FieldCipher(keyring) : null, keyFile, keyFile ? () => fieldKeyringFromEnvironment(env) : null);
}

/** What changes when the key file is replaced (writePrivateFile renames a new file over it). */
function stampOf(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return null;
  }
}

let current: FieldEncryption | null = null;

/** Makes `encryption` the process's (a starting hub does, after checking its key against the database). */
export function installFieldEncryption(encryption: FieldEncryption): void {
  current = encryption;
}

/**
 * The process's field encryption: the one a hub installed, else the environment's (a command or a
 * seed running without a hub). Module-wide because row mappers, seed generators and the compiled
 * read's plans all need it and none is handed a hub.
 */
export function fieldEncryption(): FieldEncryption {
  return (current ??= fieldEncryptionFromEnvironment());
}
