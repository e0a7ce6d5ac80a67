import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { embeddedDataDir } from '../db/database.js';
import { AUDIT_KEY_ENV, embeddedKeyFileFor, ensureEmbeddedKeyFile } from '../audit-chain/audit-keyring.js';
import { ensureFieldSection, FIELD_KEYS_ENV, KEY_FILE_ENV } from './field-key-file.js';

/**
 * The embedded demo needs no set-up: its key file beside the data folder (made by the audit chain's
 * first start, or here for a command run first) gets a `fields` section on first start, and the
 * environment names the file so that every process started from here finds the keys. A named key
 * file or a DATABASE_URL deployment is left alone: it must bring its own keys (FIELD_KEY_MISSING).
 * @returns the key file when a section was added now (to be announced: it must be kept), else null
 */
export function fieldKeysForEmbedded(embedded: boolean): string | null {
  if (!embedded || process.env[FIELD_KEYS_ENV]) return null;
  const own = embeddedKeyFileFor(embeddedDataDir());
  if (!process.env[KEY_FILE_ENV] && process.env[AUDIT_KEY_ENV]) {
    // The audit key comes from the environment, which rules out naming a key file too: the
    // demo's field keys still live in its own key file, and reach every process started from
    // here through the environment (a rotation then needs a restart, as with any keys there).
    const file = ensureEmbeddedKeyFile(embeddedDataDir()).file;
    const added = ensureFieldSection(file);
    process.env[FIELD_KEYS_ENV] = JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')).fields);
    return added ? file : null;
  }
  if (!process.env[KEY_FILE_ENV]) process.env[KEY_FILE_ENV] = ensureEmbeddedKeyFile(embeddedDataDir()).file;
  const file = process.env[KEY_FILE_ENV];
  if (!file || path.resolve(file) !== own) return null;
  return ensureFieldSection(file) ? file : null;
}

/** Says where field keys made just now are: losing them loses every encrypted value. */
export function announceFieldKeys(logger: Logger, added: string | null): void {
  if (added) logger.warn({ keyFile: added }, `added field encryption keys to ${added} (mode 0600): keep a copy apart from the database — without it ID numbers, phones and addresses cannot be read`);
}
