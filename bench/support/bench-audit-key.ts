import { randomBytes } from 'node:crypto';
// The field keys too: every importer of this file starts hubs, which need both.
import './bench-field-keys.js';

/**
 * Hubs write the audit trail's chains with a key from the environment (docs/security.md). A
 * benchmark's hubs — in-process or spawned, which inherit the environment — sign with a
 * throw-away key unless the operator gave one.
 */
if (!process.env.CAREGRAPH_KEY_FILE && !process.env.CAREGRAPH_AUDIT_KEY) {
  process.env.CAREGRAPH_AUDIT_KEY = `bench:${randomBytes(32).toString('base64')}`;
}
