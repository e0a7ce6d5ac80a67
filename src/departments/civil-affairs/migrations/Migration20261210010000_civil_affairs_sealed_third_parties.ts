import { Migration } from '@mikro-orm/migrations';

/**
 * Third parties' identifiers are stored as SM4 ciphertext (#27, docs/security.md): a ciphertext is
 * ~4/3 of the value's UTF-8 bytes plus 54 characters, so the columns become `text` (the intake
 * still refuses values longer than the ledgers allow). The values are sealed after the SQL
 * migrations, by the in-place conversion that needs the keys (src/crypto/encrypt-in-place.ts).
 */
export class Migration20261210010000_civil_affairs_sealed_third_parties extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "civil_affairs"."care_target" alter column "responsible_person" type text;`);
    this.addSql(`alter table "civil_affairs"."care_target" alter column "responsible_phone" type text;`);
    this.addSql(`alter table "civil_affairs"."care_visit" alter column "visitor" type text;`);
    this.addSql(`alter table "civil_affairs"."custody_agreement" alter column "custodian_name" type text;`);
    this.addSql(`alter table "civil_affairs"."custody_agreement" alter column "custodian_phone" type text;`);
  }
}
