import { createCipheriv, type Cipher } from 'node:crypto';

const BLOCK = 16;

/**
 * SM4 in counter mode (GB/T 32907 block cipher, NIST SP 800-38A CTR: a 128-bit big-endian counter
 * starting at the IV), built on one SM4-ECB cipher object per key. ECB encrypts blocks
 * independently, so the object is reused for every value: the counter blocks of a value are
 * encrypted in one `update` call. Node creates and initialises a new OpenSSL context for each
 * `createCipheriv('sm4-ctr', …)`; reusing one is what keeps a million-person seed cheap. The output
 * equals OpenSSL's `sm4-ctr` byte for byte (test/unit/field-cipher.test.ts).
 */
export class Sm4Ctr {
  private readonly ecb: Cipher;

  constructor(key: Buffer) {
    this.ecb = createCipheriv('sm4-ecb', key, null);
    this.ecb.setAutoPadding(false);
  }

  /** XORs `data` with the key stream from `iv` (16 bytes): encrypts and decrypts alike. */
  apply(iv: Buffer, data: Buffer): Buffer {
    const blocks = Math.ceil(data.length / BLOCK);
    const counters = Buffer.allocUnsafe(blocks * BLOCK);
    for (let b = 0; b < blocks; b++) {
      const at = b * BLOCK;
      iv.copy(counters, at);
      addToCounter(counters, at, b);
    }
    const stream = this.ecb.update(counters);
    const out = Buffer.allocUnsafe(data.length);
    for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ stream[i]!;
    return out;
  }
}

/** Adds `n` to the 128-bit big-endian counter at `buf[at…at+16)`, carrying across all 16 bytes. */
function addToCounter(buf: Buffer, at: number, n: number): void {
  let carry = n;
  for (let i = at + BLOCK - 1; i >= at && carry > 0; i--) {
    const sum = buf[i]! + (carry & 0xff);
    buf[i] = sum & 0xff;
    carry = (carry >>> 8) + (sum >>> 8);
  }
}
