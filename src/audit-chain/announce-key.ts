import type { Logger } from 'pino';
import type { AuditKeyring } from './audit-keyring.js';

/** Says which key signs the audit chains, and where a key file made just now is: it must be kept (docs/security.md). */
export function announceAuditKey(logger: Logger, { keyring, created }: { keyring: AuditKeyring; created: string | null }): void {
  if (created) {
    logger.warn({ keyFile: created }, `created the audit chain key file ${created} (mode 0600): keep a copy apart from the database — without it the audit trail cannot be verified`);
  }
  logger.info({ keyId: keyring.current.id, source: keyring.source }, 'audit chain key ready');
}
