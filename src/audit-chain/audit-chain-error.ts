/**
 * Codes of the tamper-evident audit trail (docs/security.md). Key problems stop a hub at start;
 * the verification findings are what `npm run audit -- verify` reports per chain.
 */
export type AuditChainCode =
  | 'AUDIT_KEY_MISSING'
  | 'AUDIT_KEY_FILE_UNREADABLE'
  | 'AUDIT_KEY_INVALID'
  | 'AUDIT_KEY_UNKNOWN'
  | 'AUDIT_KEY_WRONG'
  | 'AUDIT_HEADS_FILE_INVALID';

/** An error that says what is wrong and where (a file, a variable), with a code to switch on. */
export class AuditChainError extends Error {
  constructor(
    readonly code: AuditChainCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'AuditChainError';
  }
}
