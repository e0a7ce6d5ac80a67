import { FieldCipher, isCiphertext } from './field-cipher.js';
import { FieldCryptoError } from './field-crypto-error.js';
import { FIELD_KEYS_ENV, fieldKeyringFromEnvironment, KEY_FILE_ENV } from './field-key-file.js';
import { fieldKeysForEmbedded } from './embedded-field-keys.js';

/** `off` is for benchmarks only (docs/security.md): values are written in clear. */
export const FIELD_ENCRYPTION_ENV = 'CAREGRAPH_FIELD_ENCRYPTION';
export type FieldEncryptionMode = 'on' | 'off';

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
  constructor(
    readonly mode: FieldEncryptionMode,
    readonly cipher: FieldCipher | null,
  ) {}

  /** The stored form of `value` in `column`. */
  seal(column: string, value: string | null | undefined): string | null {
    if (value == null) return null;
    return this.mode === 'on' ? this.requireCipher().encrypt(column, value) : value;
  }

  /** The plaintext of a stored value of `column`. */
  open(column: string, stored: string | null | undefined): string | null {
    if (stored == null) return null;
    if (isCiphertext(stored)) return this.requireCipher().decrypt(column, stored);
    if (this.mode === 'on') throw new FieldCryptoError('FIELD_NOT_ENCRYPTED', `a value of ${column} is stored in clear, which the hub never writes with encryption on`);
    return stored;
  }

  /** Blind index of a canonical (18-character, upper-case) ID number. */
  idNumberIndex(canonical: string): string {
    return this.cipher ? this.cipher.blindIndex(ID_NUMBER_DOMAIN, canonical) : canonical;
  }

  private requireCipher(): FieldCipher {
    if (this.cipher) return this.cipher;
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
  return new FieldEncryption(mode, keyring ? new FieldCipher(keyring) : null);
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
