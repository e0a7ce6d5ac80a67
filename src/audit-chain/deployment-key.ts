import { embeddedDataDir } from '../db/database.js';
import { embeddedKeyFileFor, ensureEmbeddedKeyFile, KEY_FILE_ENV, keyringFromEnvironment, readKeyFile, requireKeyring, type AuditKeyring } from './audit-keyring.js';

/**
 * The audit chain key of a starting hub (`npm start`, `start:federated`). A deployment with
 * DATABASE_URL names its key (CAREGRAPH_KEY_FILE or CAREGRAPH_AUDIT_KEY), else AUDIT_KEY_MISSING;
 * the embedded demo gets a key file beside its data folder on first start, and the environment
 * is pointed at it so the audit writer — and any subgraph process started from here — finds it.
 * @returns the keyring, and the key file made now (to be announced), if one was.
 */
export function keyForStartingHub(embedded: boolean): { keyring: AuditKeyring; created: string | null } {
  const configured = keyringFromEnvironment();
  if (configured) return { keyring: configured, created: null };
  if (!embedded) return { keyring: requireKeyring(), created: null };
  const { file, created } = ensureEmbeddedKeyFile(embeddedDataDir());
  process.env[KEY_FILE_ENV] = file;
  return { keyring: readKeyFile(file), created: created ? file : null };
}

/** The key a command (`npm run audit`) verifies with: the environment's, or the embedded demo's key file (never made here). */
export function keyForCommand(embedded: boolean): AuditKeyring {
  const configured = keyringFromEnvironment();
  if (configured) return configured;
  if (!embedded) return requireKeyring();
  return readKeyFile(embeddedKeyFileFor(embeddedDataDir()));
}
