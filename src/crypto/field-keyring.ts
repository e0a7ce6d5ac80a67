/** The keys of field encryption: SM4 keys by id (one active), and the blind index's HMAC-SM3 key. */
export interface FieldKey {
  id: string;
  /** SM4 key, 16 bytes. */
  enc: Buffer;
  /** HMAC-SM3 key of the ciphertext's tag, 32 bytes; separate from `enc` (encrypt-then-MAC). */
  mac: Buffer;
}

export interface FieldKeyring {
  /** Encrypts new values. */
  active: FieldKey;
  /** Every key that may still open a value, the active one included (retired keys decrypt only). */
  keys: ReadonlyMap<string, FieldKey>;
  /** HMAC-SM3 key of the blind indexes; its id is kept for the record, not written into an index. */
  blindIndex: { id: string; key: Buffer };
  /** Where the keys came from, for messages (a file path or a variable's name; never a key). */
  source: string;
}
