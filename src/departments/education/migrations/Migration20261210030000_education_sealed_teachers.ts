import { Migration } from '@mikro-orm/migrations';

/**
 * Third parties' identifiers are stored as SM4 ciphertext (#27, docs/security.md): a ciphertext is
 * ~4/3 of the value's UTF-8 bytes plus 54 characters, so the columns become `text` (the intake
 * still refuses values longer than the ledgers allow). The values are sealed after the SQL
 * migrations, by the in-place conversion that needs the keys (src/crypto/encrypt-in-place.ts).
 */
export class Migration20261210030000_education_sealed_teachers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "education"."teacher_pairing" alter column "teacher_name" type text;`);
    this.addSql(`alter table "education"."teacher_pairing" alter column "teacher_phone" type text;`);
  }
}
