import type { DepartmentModule } from '../contract/department-module.js';
import { encryptedColumnsOfKind } from '../crypto/encrypted-columns.js';
import { openingResolver } from '../crypto/open-field.js';

type Resolvers = Record<string, Record<string, unknown>>;

/**
 * The resolvers opening the encrypted columns of every department record type: an intake column
 * declared `encrypted` is, as a field of the record's GraphQL type (`<kind.typeName>.<field>`),
 * its row's property of the same name in ciphertext. Made here from the intake declaration, so a
 * department encrypting a column writes no resolver; the compiled read path knows the field by
 * the resolver's mark (src/core/record-fields.ts) and decrypts it after its statement.
 */
export function encryptedRecordFieldResolvers(departments: readonly DepartmentModule[]): Resolvers {
  const resolvers: Resolvers = {};
  for (const kind of departments.flatMap((d) => d.intake ?? [])) {
    const qualified = encryptedColumnsOfKind(kind);
    kind.columns.filter((c) => c.encrypted).forEach((c, i) => {
      (resolvers[kind.typeName] ??= {})[c.field] = openingResolver<Record<string, unknown>>(qualified[i]!, (row) => row[c.field] as string | null | undefined);
    });
  }
  return resolvers;
}
