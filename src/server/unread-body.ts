import type { onSendAsyncHookHandler } from 'fastify';

/**
 * Discards what is left of a request body when the response goes out before the body was read
 * to the end — an import that failed midway through a file (the database went away) answers
 * while the rest of the upload is still arriving. Node does not discard a body a stream consumer
 * (the multipart parser) has started reading, so on a kept-alive connection the unread bytes
 * would sit in front of the client's next request, which then never gets an answer. Draining
 * (rather than closing) lets the client finish sending and read the answer cleanly. A hook of
 * the streaming route only: every other route's body is parsed whole before its handler runs.
 */
export const drainUnreadBody: onSendAsyncHookHandler = async (request, _reply, payload) => {
  const raw = request.raw;
  if (!raw.complete) {
    raw.unpipe();
    raw.resume();
  }
  return payload;
};
