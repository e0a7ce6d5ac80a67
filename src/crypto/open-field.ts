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

const opening = new WeakMap<object, string>();

/**
 * The resolver of a field whose value is its parent's property of the same name, stored encrypted
 * in `column`: it opens the value. Marked, so that the compiled read path still reads the field
 * straight from its column (src/core/record-fields.ts), decrypting it after the statement.
 */
export function openingResolver<P>(column: string, read: (parent: P) => string | null | undefined): (parent: P) => string | null {
  const resolve = (parent: P) => openField(column, read(parent));
  opening.set(resolve, column);
  return resolve;
}

/** The column `resolve` opens, when it was made by {@link openingResolver}. */
export const columnOpenedBy = (resolve: unknown): string | undefined => (typeof resolve === 'function' ? opening.get(resolve) : undefined);
