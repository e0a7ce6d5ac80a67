import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from './header-value.js';

/** What a request says about who asks and why, read the same way for GraphQL and the REST routes. */
export interface RequestCredentials {
  /** The `Authorization` header, for the authenticator; undefined when absent or empty. */
  authorization: string | undefined;
  /** The declared purpose of use (`X-Purpose`), if any. */
  purpose: string | null;
}

export function requestCredentials(headers: IncomingHttpHeaders): RequestCredentials {
  return { authorization: headerValue(headers.authorization) ?? undefined, purpose: headerValue(headers['x-purpose']) };
}
