import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from '../db/private-file.js';
import { FieldCryptoError } from './field-crypto-error.js';
import type { FieldKey, FieldKeyring } from './field-keyring.js';

/** The key file (shared with the audit chain's keys, one section per feature). */
export const KEY_FILE_ENV = 'CAREGRAPH_KEY_FILE';
/** Alternatively the `fields` section itself as JSON (a secret store's variable). */
export const FIELD_KEYS_ENV = 'CAREGRAPH_FIELD_KEYS';

const KEY_ID = /^[A-Za-z0-9_.-]{1,16}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SM4_KEY_BYTES = 16;
const MAC_KEY_BYTES = 32;

/**
 * The `fields` section of the key file:
 *
 *   "fields": {
 *     "active": "f2",
 *     "keys": { "f1": { "enc": "<16 bytes, base64>", "mac": "<32 bytes, base64>" }, "f2": { … } },
 *     "blindIndex": { "id": "b1", "key": "<32 bytes, base64>" }
 *   }
 *
 * `active` encrypts new values; every key in `keys` still decrypts the values that name it
 * (each ciphertext carries its key id), so a key is retired by no longer being active and
 * removed once no value names it.
 */
export function parseFieldSection(section: unknown, where: string): FieldKeyring {
  if (section === null || typeof section !== 'object') throw invalid(`${where} has no "fields" section ({ "active": …, "keys": { … }, "blindIndex": { … } })`);
  const { active, keys, blindIndex } = section as { active?: unknown; keys?: unknown; blindIndex?: unknown };
  if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) throw invalid(`${where}: fields.keys must be an object of { "<id>": { "enc", "mac" } }`);
  const byId = new Map<string, FieldKey>();
  for (const [id, entry] of Object.entries(keys as Record<string, unknown>)) {
    if (!KEY_ID.test(id)) throw invalid(`${where}: field key id must be 1–16 of A-Z a-z 0-9 _ . - (got ${JSON.stringify(id)})`);
    const { enc, mac } = (entry ?? {}) as { enc?: unknown; mac?: unknown };
    byId.set(id, { id, enc: keyBytes(enc, SM4_KEY_BYTES, `${where}: fields.keys.${id}.enc`), mac: keyBytes(mac, MAC_KEY_BYTES, `${where}: fields.keys.${id}.mac`) });
  }
  if (typeof active !== 'string' || !byId.has(active)) throw invalid(`${where}: fields.active must name one of fields.keys (${[...byId.keys()].join(', ') || 'none'})`);
  const { id, key } = (blindIndex ?? {}) as { id?: unknown; key?: unknown };
  if (typeof id !== 'string' || !KEY_ID.test(id)) throw invalid(`${where}: fields.blindIndex.id must be 1–16 of A-Z a-z 0-9 _ . -`);
  return { active: byId.get(active)!, keys: byId, blindIndex: { id, key: keyBytes(key, MAC_KEY_BYTES, `${where}: fields.blindIndex.key`) }, source: where };
}

function keyBytes(value: unknown, length: number, where: string): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value)) throw invalid(`${where} must be base64`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== length) throw invalid(`${where} has ${bytes.length} bytes, ${length} are needed`);
  return bytes;
}

const invalid = (message: string) => new FieldCryptoError('FIELD_KEY_INVALID', message);

function readJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new FieldCryptoError('FIELD_KEY_FILE_UNREADABLE', `cannot read key file ${path.resolve(file)}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw invalid(`key file ${path.resolve(file)} is not JSON (${(err as Error).message})`);
  }
}

/** The field keys the environment names (CAREGRAPH_FIELD_KEYS, or the key file's `fields` section), or null. */
export function fieldKeyringFromEnvironment(env: NodeJS.ProcessEnv = process.env): FieldKeyring | null {
  const inline = env[FIELD_KEYS_ENV];
  if (inline) {
    let section: unknown;
    try {
      section = JSON.parse(inline);
    } catch (err) {
      throw invalid(`${FIELD_KEYS_ENV} is not JSON (${(err as Error).message})`);
    }
    return parseFieldSection(section, FIELD_KEYS_ENV);
  }
  const file = env[KEY_FILE_ENV];
  if (!file) return null;
  const json = readJson(file);
  return json.fields === undefined ? null : parseFieldSection(json.fields, `key file ${path.resolve(file)}`);
}

/** A new `fields` section: key f1 (SM4 and MAC keys) and blind index key b1, all random. */
export function newFieldSection(id = 'f1'): Record<string, unknown> {
  return {
    active: id,
    keys: { [id]: { enc: randomBytes(SM4_KEY_BYTES).toString('base64'), mac: randomBytes(MAC_KEY_BYTES).toString('base64') } },
    blindIndex: { id: 'b1', key: randomBytes(MAC_KEY_BYTES).toString('base64') },
  };
}

/**
 * Adds a `fields` section to the key file when it has none (the embedded demo's file, made by the
 * audit chain's first start); other sections are kept as they are. Says whether it added one.
 */
export function ensureFieldSection(file: string): boolean {
  const json = readJson(file);
  if (json.fields !== undefined) return false;
  writePrivateFile(file, `${JSON.stringify({ ...json, fields: newFieldSection() }, null, 2)}\n`);
  return true;
}
