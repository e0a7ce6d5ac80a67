import { createHash } from 'node:crypto';
import type { Caller } from '../contract/caller.js';

export interface VerifiedKeyCacheOptions {
  /** How long a verified key is trusted without asking the database again (the revocation delay). */
  ttlMs: number;
  /** At most this many keys are remembered; the least recently used one goes first. */
  maxEntries: number;
  /** Clock in ms; injectable so tests can move time. */
  now?: () => number;
}

/** What `CAREGRAPH_API_KEY_CACHE_SECONDS` defaults to: a revoked key keeps working for at most 30 s. */
export const DEFAULT_API_KEY_CACHE_TTL_MS = 30_000;
const DEFAULT_MAX_ENTRIES = 1_000;

/**
 * Remembers API keys that the database verified a moment ago, so a busy partner system does not
 * cost one SQL statement per request. Only successful look-ups are remembered (a wrong or revoked
 * key always reaches the database), entries expire after `ttlMs` — the documented revocation
 * delay — and the map is bounded (LRU). Keyed by the SHA-256 of the whole presented key, so no
 * usable secret sits in memory as a map key. Each replica keeps its own cache and needs no other
 * replica's state: the tier stays stateless in the sense of DESIGN §8.
 */
export class VerifiedKeyCache {
  private readonly entries = new Map<string, { caller: Caller; expiresAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: VerifiedKeyCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The caller verified for `key` less than `ttlMs` ago, or undefined. */
  get(key: string): Caller | undefined {
    const id = keyId(key);
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(id, entry); // re-insert: Map order is the LRU order
    return entry.caller;
  }

  /** Remembers a caller the database has just verified for `key`. */
  set(key: string, caller: Caller): void {
    if (this.options.ttlMs <= 0) return;
    const id = keyId(key);
    this.entries.delete(id);
    this.entries.set(id, { caller, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

function keyId(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('base64');
}

/**
 * The server's cache from `CAREGRAPH_API_KEY_CACHE_SECONDS` (default 30; 0 turns caching off, so
 * a revocation takes effect on the next request).
 * @throws Error when the variable is not a non-negative number.
 */
export function verifiedKeyCacheFromEnv(env: NodeJS.ProcessEnv = process.env): VerifiedKeyCache {
  const raw = env.CAREGRAPH_API_KEY_CACHE_SECONDS;
  const seconds = raw === undefined || raw.trim() === '' ? DEFAULT_API_KEY_CACHE_TTL_MS / 1000 : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`CAREGRAPH_API_KEY_CACHE_SECONDS must be a number of seconds >= 0, got "${raw}"`);
  return new VerifiedKeyCache({ ttlMs: seconds * 1000, maxEntries: DEFAULT_MAX_ENTRIES });
}
