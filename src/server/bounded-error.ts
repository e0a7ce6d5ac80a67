import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

/** Longest error text sent back; longer ones (echoing a huge rejected value) are cut. */
export const MAX_ERROR_TEXT = 1_000;

function cut(text: string): string {
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}… (truncated, ${text.length} characters)` : text;
}

/**
 * What an error may say to the client. An unexpected error (INTERNAL_SERVER_ERROR) says only
 * that: its own message can carry SQL text or values from the database, and the server log keeps
 * it. Every other message and string extension is capped, since graphql-js and our own input
 * checks quote a rejected value whole and a megabyte sent must not come back twice.
 */
export function boundedError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
    return { ...formatted, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const extensions = formatted.extensions && Object.fromEntries(Object.entries(formatted.extensions).map(([k, v]) => [k, typeof v === 'string' ? cut(v) : v]));
  return { ...formatted, message: cut(formatted.message), ...(extensions ? { extensions } : {}) };
}

/** Apollo's `formatError` for the hub and every subgraph: unexpected errors logged with their cause, then bounded. */
export function formatErrorFor(logger: Logger): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error }, 'unexpected error while resolving');
    return boundedError(formatted);
  };
}
