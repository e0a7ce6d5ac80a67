import { createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';
import { FieldCryptoError } from './field-crypto-error.js';
import type { FieldKey, FieldKeyring } from './field-keyring.js';
import { Sm4Ctr } from './sm4-ctr.js';

/** Every ciphertext starts with it; a stored value without it is plaintext. */
export const CIPHERTEXT_PREFIX = 'sm4:v1:';
const IV_BYTES = 16;
/** HMAC-SM3 truncated to 128 bits (GB/T 15852.2 allows truncation; 2^-128 forgery odds). */
const TAG_BYTES = 16;
const IV_POOL_BYTES = 64 * 1024;

/** Whether a stored value is in ciphertext form (`sm4:v1:<key id>:<base64url>`). */
export const isCiphertext = (stored: string): boolean => stored.startsWith(CIPHERTEXT_PREFIX);

/** The key id a ciphertext was made with, or null for plaintext: what key rotation counts and moves. */
export function keyIdOf(stored: string): string | null {
  if (!isCiphertext(stored)) return null;
  const end = stored.indexOf(':', CIPHERTEXT_PREFIX.length);
  return end < 0 ? null : stored.slice(CIPHERTEXT_PREFIX.length, end);
}

interface OpenKey {
  key: FieldKey;
  ctr: Sm4Ctr;
}

/**
 * Authenticated field encryption: SM4-CTR then HMAC-SM3 (encrypt-then-MAC, separate keys), because
 * Node 20's OpenSSL has no `sm4-gcm`. A value becomes the text
 *
 *   sm4:v1:<key id>:<base64url(iv[16] ‖ ciphertext ‖ tag[16])>
 *
 * with a random IV per value. The tag covers the header (version and key id), the column the value
 * belongs to (`core.person.phone` — the associated data) and IV and ciphertext, so a ciphertext
 * copied into another column, or its key id edited, fails to open (FIELD_DECRYPT_FAILED).
 *
 * Blind index: HMAC-SM3 of the normalised value under its own key, base64url — equal values give
 * equal indexes (that is all it reveals), which unique constraints and look-ups use.
 */
export class FieldCipher {
  private readonly byId = new Map<string, OpenKey>();
  private readonly active: OpenKey;
  private readonly header: Buffer;
  private ivPool = Buffer.alloc(0);
  private ivAt = 0;

  constructor(readonly keyring: FieldKeyring) {
    for (const key of keyring.keys.values()) this.byId.set(key.id, { key, ctr: new Sm4Ctr(key.enc) });
    this.active = this.byId.get(keyring.active.id)!;
    this.header = Buffer.from(`${CIPHERTEXT_PREFIX}${keyring.active.id}:`);
  }

  /** The ciphertext text of `plaintext` belonging to `column` (`schema.table.column`). */
  encrypt(column: string, plaintext: string): string {
    const iv = this.nextIv();
    const body = this.active.ctr.apply(iv, Buffer.from(plaintext, 'utf8'));
    const tag = mac(this.active.key.mac, this.header, column, iv, body);
    return `${this.header.toString('latin1')}${Buffer.concat([iv, body, tag]).toString('base64url')}`;
  }

  /** The plaintext of a ciphertext text of `column`; a coded error when it does not open. */
  decrypt(column: string, stored: string): string {
    const keyId = keyIdOf(stored);
    if (keyId === null) throw new FieldCryptoError('FIELD_DECRYPT_FAILED', `a value of ${column} is not a ciphertext`);
    const open = this.byId.get(keyId);
    if (!open) throw new FieldCryptoError('FIELD_KEY_UNKNOWN', `a value of ${column} was encrypted with key "${keyId}", which the key ring (${this.keyring.source}) does not hold`);
    const headerLength = CIPHERTEXT_PREFIX.length + keyId.length + 1;
    const raw = Buffer.from(stored.slice(headerLength), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new FieldCryptoError('FIELD_DECRYPT_FAILED', `a value of ${column} is too short to be a ciphertext`);
    const iv = raw.subarray(0, IV_BYTES);
    const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const expected = mac(open.key.mac, Buffer.from(stored.slice(0, headerLength), 'latin1'), column, iv, body);
    if (!timingSafeEqual(tag, expected)) {
      throw new FieldCryptoError('FIELD_DECRYPT_FAILED', `a value of ${column} does not verify under key "${keyId}": edited, or copied from another column`);
    }
    return open.ctr.apply(iv, body).toString('utf8');
  }

  /** Blind index of an already normalised value; `domain` keeps indexes of different kinds of value apart. */
  blindIndex(domain: string, normalised: string): string {
    return createHmac('sm3', this.keyring.blindIndex.key).update(`${domain}\0${normalised}`, 'utf8').digest('base64url');
  }

  /** IVs come from a pooled random buffer: one `randomFill` per 4096 values instead of one per value. */
  private nextIv(): Buffer {
    if (this.ivAt + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomFillSync(Buffer.allocUnsafe(IV_POOL_BYTES));
      this.ivAt = 0;
    }
    const iv = this.ivPool.subarray(this.ivAt, this.ivAt + IV_BYTES);
    this.ivAt += IV_BYTES;
    return iv;
  }
}

function mac(key: Buffer, header: Buffer, column: string, iv: Buffer, body: Buffer): Buffer {
  return createHmac('sm3', key).update(header).update(`\0${column}\0`, 'utf8').update(iv).update(body).digest().subarray(0, TAG_BYTES);
}
