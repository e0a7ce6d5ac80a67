/** Why a presented credential was refused; stable strings tests and logs can match on. */
export type CredentialFailure =
  | 'malformed'
  | 'not-configured'
  | 'bad-signature'
  | 'algorithm-not-allowed'
  | 'unknown-key'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'missing-claim'
  | 'invalid-claim'
  | 'unknown-role'
  | 'region';

/**
 * A credential was sent but cannot be accepted. The message is meant for the API's caller
 * ("token expired at …"), so it must never contain the credential itself.
 */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';

  constructor(
    readonly reason: CredentialFailure,
    message: string,
  ) {
    super(message);
  }
}
