/**
 * Codes of field encryption at rest (docs/security.md#field-encryption). Key problems stop a hub
 * at start; a value that does not decrypt stops the request that reads it — never garbage.
 */
export type FieldCryptoCode =
  | 'FIELD_KEY_MISSING'
  | 'FIELD_KEY_INVALID'
  | 'FIELD_KEY_FILE_UNREADABLE'
  | 'FIELD_KEY_WRONG'
  | 'FIELD_KEY_UNKNOWN'
  | 'FIELD_DECRYPT_FAILED'
  | 'FIELD_NOT_ENCRYPTED'
  // Key rotation (npm run keys): a retire the rows still need, of the active key, or of keys held in a variable.
  | 'FIELD_KEY_IN_USE'
  | 'FIELD_KEY_ACTIVE'
  | 'FIELD_KEY_NOT_IN_FILE';

/** An error naming what is wrong and where (a file, a variable, a column), never a value. */
export class FieldCryptoError extends Error {
  constructor(
    readonly code: FieldCryptoCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'FieldCryptoError';
  }
}
