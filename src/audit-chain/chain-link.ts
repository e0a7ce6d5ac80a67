import { createHmac } from 'node:crypto';

/**
 * What a chain link covers: a row's content as stored, with its place in its chain. The row id
 * is not content: it is a locator that PostgreSQL assigns after the link is computed; the
 * position (`chainId`, `seq`) orders the chain instead.
 */
export interface LinkContent {
  chainId: string;
  /** Position in the chain, 1 for its first row (decimal text: a bigint). */
  seq: string;
  keyId: string;
  /** `at` as {@link AT_TEXT} prints it: UTC, microseconds, e.g. `2026-12-07T08:00:01.123456Z`. */
  at: string;
  requestId: string;
  callerId: string;
  callerName: string;
  purpose: string | null;
  operationName: string | null;
  personId: string | null;
  householdId: string | null;
  fields: readonly string[];
}

/** Version tag of the serialisation; a new one would be verified by its own rules. */
export const CANONICAL_FORMAT = 'caregraph-audit-v1';

/** The predecessor of a chain's first row. */
export const GENESIS_LINK = Buffer.alloc(32);

/** `at` in the canonical text form, computed by PostgreSQL so that writer and verifier agree to the microsecond. */
export const AT_TEXT = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The canonical serialisation (docs/security.md): a JSON array in this fixed order, as
 * ECMAScript's JSON.stringify writes it (no whitespace; only `"`, `\` and control characters
 * escaped), encoded as UTF-8. Ids are decimal strings, absent values null.
 */
export function canonicalContent(c: LinkContent): string {
  return JSON.stringify([
    CANONICAL_FORMAT,
    c.chainId,
    c.seq,
    c.keyId,
    c.at,
    c.requestId,
    c.callerId,
    c.callerName,
    c.purpose,
    c.operationName,
    c.personId,
    c.householdId,
    c.fields,
  ]);
}

/** HMAC-SM3(key, previous link ‖ canonical content): 32 bytes. */
export function chainLink(key: Buffer, previous: Buffer, content: LinkContent): Buffer {
  return createHmac('sm3', key).update(previous).update(canonicalContent(content), 'utf8').digest();
}

/**
 * A value as PostgreSQL will store it in a varchar(n) column: at most n characters (code
 * points, not UTF-16 units), lone surrogates replaced as UTF-8 encoding replaces them. The link
 * is computed over this, so the stored row and its link agree.
 */
export function storedText(value: string, maxChars: number): string {
  const wellFormed = Buffer.from(value, 'utf8').toString('utf8');
  if (wellFormed.length <= maxChars) return wellFormed;
  return Array.from(wellFormed).slice(0, maxChars).join('');
}
