import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from '../db/private-file.js';
import { AuditChainError } from './audit-chain-error.js';

/** The variable naming the key file (JSON, below), for deployments with DATABASE_URL. */
export const KEY_FILE_ENV = 'CAREGRAPH_KEY_FILE';
/** Alternatively the audit key itself, as `<id>:<base64>` (a secret store's variable). */
export const AUDIT_KEY_ENV = 'CAREGRAPH_AUDIT_KEY';

/** A key id is written into every chain link (column `chain_key`, varchar(16)). */
const KEY_ID = /^[A-Za-z0-9_.-]{1,16}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** HMAC-SM3 keys shorter than the digest weaken it; new keys are 32 random bytes. */
const MIN_KEY_BYTES = 16;

export interface ChainKey {
  id: string;
  key: Buffer;
}

/** The chain keys in force: `current` signs new links; any key by id verifies old ones (rotation). */
export interface AuditKeyring {
  current: ChainKey;
  byId: ReadonlyMap<string, Buffer>;
  /** Where the keys came from, for messages (a file path or the variable's name; never the key). */
  source: string;
}

/**
 * The key file holds one section per feature, so a later one (field encryption's SM4 keys) can
 * live beside the audit section; sections this code does not know are left alone:
 *
 *   { "audit": { "id": "a2", "key": "<base64>", "retired": [{ "id": "a1", "key": "<base64>" }] } }
 *
 * `retired` keys still verify the links they signed; only `id`/`key` signs new ones.
 */
export function parseKeyFile(text: string, file: string): AuditKeyring {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new AuditChainError('AUDIT_KEY_INVALID', `key file ${file} is not JSON (${(err as Error).message})`);
  }
  const audit = (parsed as { audit?: unknown } | null)?.audit;
  if (audit === null || typeof audit !== 'object') throw new AuditChainError('AUDIT_KEY_INVALID', `key file ${file} has no "audit" section ({ "audit": { "id": …, "key": … } })`);
  const { retired = [] } = audit as { retired?: unknown };
  if (!Array.isArray(retired)) throw new AuditChainError('AUDIT_KEY_INVALID', `key file ${file}: audit.retired must be a list of { "id", "key" }`);
  const current = chainKey(audit, `key file ${file}, audit`);
  const byId = new Map<string, Buffer>();
  for (const [i, entry] of retired.entries()) {
    const old = chainKey(entry, `key file ${file}, audit.retired[${i}]`);
    if (old.id === current.id || byId.has(old.id)) throw new AuditChainError('AUDIT_KEY_INVALID', `key file ${file}: key id "${old.id}" appears twice`);
    byId.set(old.id, old.key);
  }
  byId.set(current.id, current.key);
  return { current, byId, source: file };
}

/** `<id>:<base64>` from CAREGRAPH_AUDIT_KEY. */
export function parseEnvKey(value: string): AuditKeyring {
  const colon = value.indexOf(':');
  if (colon < 0) throw new AuditChainError('AUDIT_KEY_INVALID', `${AUDIT_KEY_ENV} must be "<key id>:<base64 key>", e.g. a1:${'A'.repeat(43)}=`);
  const current = chainKey({ id: value.slice(0, colon), key: value.slice(colon + 1) }, AUDIT_KEY_ENV);
  return { current, byId: new Map([[current.id, current.key]]), source: AUDIT_KEY_ENV };
}

function chainKey(entry: unknown, where: string): ChainKey {
  const { id, key } = (entry ?? {}) as { id?: unknown; key?: unknown };
  if (typeof id !== 'string' || !KEY_ID.test(id)) throw new AuditChainError('AUDIT_KEY_INVALID', `${where}: id must be 1–16 of A-Z a-z 0-9 _ . - (got ${JSON.stringify(id)})`);
  if (typeof key !== 'string' || !BASE64.test(key)) throw new AuditChainError('AUDIT_KEY_INVALID', `${where}: key of "${id}" must be base64`);
  const bytes = Buffer.from(key, 'base64');
  if (bytes.length < MIN_KEY_BYTES) throw new AuditChainError('AUDIT_KEY_INVALID', `${where}: key of "${id}" has ${bytes.length} bytes, at least ${MIN_KEY_BYTES} are needed`);
  return { id, key: bytes };
}

/** Reads and parses a key file, naming it when it cannot be read. */
export function readKeyFile(file: string): AuditKeyring {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new AuditChainError('AUDIT_KEY_FILE_UNREADABLE', `cannot read key file ${path.resolve(file)}: ${(err as Error).message}`);
  }
  return parseKeyFile(text, path.resolve(file));
}

/** The keyring the environment names (key file or key), or null when it names none. */
export function keyringFromEnvironment(env: NodeJS.ProcessEnv = process.env): AuditKeyring | null {
  const file = env[KEY_FILE_ENV];
  const key = env[AUDIT_KEY_ENV];
  if (file && key) throw new AuditChainError('AUDIT_KEY_INVALID', `both ${KEY_FILE_ENV} and ${AUDIT_KEY_ENV} are set; set one`);
  if (file) return readKeyFile(file);
  if (key) return parseEnvKey(key);
  return null;
}

/** The keyring for writing and verifying the trail; a coded error when none is configured. */
export function requireKeyring(env: NodeJS.ProcessEnv = process.env): AuditKeyring {
  const keyring = keyringFromEnvironment(env);
  if (keyring) return keyring;
  throw new AuditChainError(
    'AUDIT_KEY_MISSING',
    `no audit chain key: set ${KEY_FILE_ENV} to a key file ({ "audit": { "id": "a1", "key": "<32 random bytes, base64>" } }, mode 0600) ` +
      `or ${AUDIT_KEY_ENV}=<id>:<base64 key>. Keep the key outside the database (docs/security.md).`,
  );
}

/** `.data/postgres` → `.data/postgres.keys.json`: beside the cluster, like its `.secret`, never inside it. */
export function embeddedKeyFileFor(dataDir: string): string {
  const resolved = path.resolve(dataDir);
  return path.join(path.dirname(resolved), `${path.basename(resolved)}.keys.json`);
}

/** A new key file's text: one audit key, 32 random bytes. */
export function newKeyFileText(id = 'a1'): string {
  return `${JSON.stringify({ audit: { id, key: randomBytes(32).toString('base64') } }, null, 2)}\n`;
}

/** The embedded demo's key file, made (0600) on first start; says whether it was made now. */
export function ensureEmbeddedKeyFile(dataDir: string): { file: string; created: boolean } {
  const file = embeddedKeyFileFor(dataDir);
  if (fs.existsSync(file)) return { file, created: false };
  writePrivateFile(file, newKeyFileText());
  return { file, created: true };
}
