import { Migration } from '@mikro-orm/migrations';

/**
 * Field encryption at rest (docs/security.md#field-encryption), the schema half: the encrypted
 * columns become `text` (a ciphertext is `sm4:v1:<key id>:<base64url>`, longer than the value),
 * the ID number gets its blind index (`id_number_bidx`, HMAC-SM3, unique — it replaces the unique
 * constraint on the plaintext) and the county code it starts with (`id_number_county`: a person
 * without a household lies in that county, which intake used to read off the number), and
 * `core.key_check` holds the canaries a starting hub opens to prove it has the right keys.
 *
 * The data half needs the keys, which never reach the database: after the migrations, the hub
 * encrypts in place whatever is still in clear, in batches (src/crypto/encrypt-in-place.ts).
 */
export class Migration20261208000000_field_encryption extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "core"."person" alter column "id_number" type text, alter column "phone" type text, alter column "address" type text, add column "id_number_bidx" text null, add column "id_number_county" varchar(6) null;`);
    this.addSql(`alter table "core"."household" alter column "address" type text;`);
    this.addSql(`update "core"."person" set "id_number_county" = substr("id_number", 1, 6) where "id_number" not like 'sm4:%';`);
    this.addSql(`alter table "core"."person" drop constraint "person_id_number_unique";`);
    this.addSql(`create unique index "person_id_number_bidx_unique" on "core"."person" ("id_number_bidx");`);
    this.addSql(`comment on column "core"."person"."id_number_bidx" is 'Blind index of the ID number: HMAC-SM3 under the blind index key (equality look-ups only)';`);
    this.addSql(`create table "core"."key_check" ("purpose" varchar(32) primary key, "value" text not null, "created_at" timestamptz not null default now());`);
    this.addSql(`comment on table "core"."key_check" is 'Canaries a starting hub decrypts to prove its field keys are the ones this database was encrypted with';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "core"."key_check";`);
    this.addSql(`drop index "core"."person_id_number_bidx_unique";`);
    this.addSql(`alter table "core"."person" drop column "id_number_bidx", drop column "id_number_county";`);
    this.addSql(`alter table "core"."person" add constraint "person_id_number_unique" unique ("id_number");`);
  }
}
