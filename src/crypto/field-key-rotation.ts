import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from '../db/private-file.js';
import { FieldCryptoError } from './field-crypto-error.js';
import { parseFieldSection } from './field-key-file.js';

/**
 * The key file half of field key rotation (`npm run keys`, docs/security.md#field-key-rotation):
 * add a key and make it active, and move a key no value names any more out of the ring. The file
 * is rewritten whole through a rename (writePrivateFile), so a hub re-reading it never sees half.
 */

interface FieldSection {
  active: string;
  keys: Record<string, { enc: string; mac: string }>;
  blindIndex: { id: string; key: string };
  /** Keys taken out of the ring: no longer read by any process, kept to open old backups. */
  retired?: Record<string, { enc: string; mac: string; retiredAt: string }>;
}

function readSection(file: string): { json: Record<string, unknown>; fields: FieldSection } {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new FieldCryptoError('FIELD_KEY_FILE_UNREADABLE', `cannot read key file ${path.resolve(file)}: ${(err as Error).message}`);
  }
  // Validates ids and key lengths: never rotate a file the hub would refuse.
  parseFieldSection(json.fields, `key file ${path.resolve(file)}`);
  return { json, fields: json.fields as FieldSection };
}

/** The next free `f<n>`: past every id used so far, retired ones included, so an id never means two keys. */
function nextKeyId(fields: FieldSection): string {
  const used = [...Object.keys(fields.keys), ...Object.keys(fields.retired ?? {})];
  const highest = Math.max(0, ...used.map((id) => /^f(\d+)$/.exec(id)).map((m) => (m ? Number(m[1]) : 0)));
  return `f${highest + 1}`;
}

/** Adds a random key to the file's `fields` section and makes it active; returns its id and the previous one. */
export function rotateFieldKey(file: string): { added: string; previous: string } {
  const { json, fields } = readSection(file);
  const added = nextKeyId(fields);
  const next: FieldSection = {
    ...fields,
    active: added,
    keys: { ...fields.keys, [added]: { enc: randomBytes(16).toString('base64'), mac: randomBytes(32).toString('base64') } },
  };
  writePrivateFile(file, `${JSON.stringify({ ...json, fields: next }, null, 2)}\n`);
  return { added, previous: fields.active };
}

/** Key ids in the ring, the active one first. */
export function fieldKeyIds(file: string): { active: string; keys: string[]; retired: string[] } {
  const { fields } = readSection(file);
  return { active: fields.active, keys: Object.keys(fields.keys), retired: Object.keys(fields.retired ?? {}) };
}

/**
 * Moves `keyId` from `keys` to `retired` (with the date): no process opens values with it any
 * more. The caller has counted that no row names it (FIELD_KEY_IN_USE otherwise); the active
 * key cannot be retired (FIELD_KEY_ACTIVE), nor one the ring does not hold (FIELD_KEY_UNKNOWN).
 */
export function retireFieldKeyInFile(file: string, keyId: string, now = new Date()): void {
  const { json, fields } = readSection(file);
  if (!(keyId in fields.keys)) throw new FieldCryptoError('FIELD_KEY_UNKNOWN', `key file ${path.resolve(file)} holds no field key "${keyId}" (keys: ${Object.keys(fields.keys).join(', ')})`);
  if (fields.active === keyId) throw new FieldCryptoError('FIELD_KEY_ACTIVE', `field key "${keyId}" is the active key: rotate first (npm run keys -- rotate), then reencrypt`);
  const { [keyId]: key, ...rest } = fields.keys;
  const next: FieldSection = { ...fields, keys: rest, retired: { ...(fields.retired ?? {}), [keyId]: { ...key!, retiredAt: now.toISOString() } } };
  writePrivateFile(file, `${JSON.stringify({ ...json, fields: next }, null, 2)}\n`);
}
