import { GraphQLError } from 'graphql';
import { FieldCryptoError } from './field-crypto-error.js';
import { fieldEncryption } from './field-encryption.js';

/**
 * A resolver's view of a stored value of an encrypted column: its plaintext, or — when it does not
 * decrypt — a field error carrying the code (FIELD_DECRYPT_FAILED, FIELD_KEY_UNKNOWN,
 * FIELD_NOT_ENCRYPTED). The field is null, the rest of the answer stands; never garbage.
 */
export function openField(column: string, stored: string | null | undefined): string | null {
  try {
    return fieldEncryption().open(column, stored);
  } catch (err) {
    if (err instanceof FieldCryptoError) throw new GraphQLError(err.message, { extensions: { code: err.code } });
    throw err;
  }
}
