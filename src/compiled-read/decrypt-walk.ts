import { fieldEncryption } from '../crypto/field-encryption.js';

/**
 * Where a compiled read's response holds values of encrypted columns: per object, the keys read
 * from such a column (and the column, the ciphertext's associated data); children lead to nested
 * objects and lists. The SQL builds the JSON with the ciphertexts in place; only these leaves —
 * the fields the operation returns — are decrypted, in JavaScript, after the statement.
 */
export interface DecryptWalk {
  fields: Array<{ key: string; column: string }>;
  children: Array<{ key: string; walk: DecryptWalk }>;
}

type Json = Record<string, unknown>;

/**
 * Replaces each ciphertext leaf of `value` (a row, a list of rows or null) by its plaintext.
 * @throws FieldCryptoError when one does not decrypt (the caller answers through the resolvers,
 * which report it as a field error)
 */
export function openLeaves(value: unknown, walk: DecryptWalk): void {
  if (value == null) return;
  if (Array.isArray(value)) {
    for (const item of value) openLeaves(item, walk);
    return;
  }
  const row = value as Json;
  if (walk.fields.length > 0) {
    const encryption = fieldEncryption();
    for (const { key, column } of walk.fields) {
      const stored = row[key];
      if (typeof stored === 'string') row[key] = encryption.open(column, stored);
    }
  }
  for (const child of walk.children) openLeaves(row[child.key], child.walk);
}
