import type { AuditEntry } from '../contract/audit-entry.js';
import type { AuditWriter } from '../auth/audit-group-commit.js';

/** How long a client request's disclosures are remembered: its fetches all arrive within the router's subgraph timeout. */
export const DEFAULT_AUDIT_WINDOW_MS = 60_000;
/** Requests remembered at most (oldest forgotten first: a forgotten one is audited again, never less). */
const DEFAULT_MAX_REQUESTS = 20_000;

interface Remembered {
  expiresAt: number;
  /** `person|household|field` → the write that records it (awaited by a later fetch before it answers). */
  claims: Map<string, Promise<unknown>>;
}

/**
 * A standard router may fetch the same subgraph more than once for one client request (one
 * `_entities` call per plan depth: a person and, further down, the same person as a household
 * member). Each fetch is a request of its own here, so each would write the same disclosure under
 * the same client request id. This writer records a (request, caller, subject, field) once:
 * a later fetch skips what an earlier one already wrote — and waits for that write to be durable
 * before it answers, so no value leaves before its record (a failed write fails both answers and
 * is forgotten, so a retry is audited). Across subgraphs nothing repeats: each field has one owner.
 *
 * Keyed by caller as well as request id: a client choosing another caller's request id changes
 * nothing for that caller's trail. A client reusing its own request id within the window is
 * recorded once for the repeated subject × field (the first read, with its time); outside the
 * window, and on another replica of the subgraph, it is recorded again (over-auditing only).
 */
export function oncePerRequestAudit(write: AuditWriter, opts: { windowMs?: number; maxRequests?: number; now?: () => number } = {}): AuditWriter {
  const windowMs = opts.windowMs ?? DEFAULT_AUDIT_WINDOW_MS;
  const maxRequests = opts.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const now = opts.now ?? Date.now;
  const requests = new Map<string, Remembered>();

  const rememberedFor = (key: string): Remembered => {
    const at = now();
    let entry = requests.get(key);
    if (entry && entry.expiresAt <= at) {
      requests.delete(key);
      entry = undefined;
    }
    if (!entry) {
      // Map order is insertion order: drop expired and, beyond the bound, the oldest.
      for (const [k, e] of requests) {
        if (e.expiresAt > at && requests.size < maxRequests) break;
        requests.delete(k);
      }
      entry = { expiresAt: at + windowMs, claims: new Map() };
      requests.set(key, entry);
    }
    return entry;
  };

  return async (request, entries) => {
    if (entries.length === 0) return 0;
    const remembered = rememberedFor(`${request.requestId}\u0000${request.caller.id}`);
    const fresh: AuditEntry[] = [];
    const earlier = new Set<Promise<unknown>>();
    const claimed: string[] = [];
    for (const entry of entries) {
      const key = `${entry.personId}|${entry.householdId}|${entry.field}`;
      const by = remembered.claims.get(key);
      if (by) {
        earlier.add(by);
        continue;
      }
      fresh.push(entry);
      claimed.push(key);
    }
    const own = write(request, fresh);
    for (const key of claimed) remembered.claims.set(key, own);
    try {
      const [count] = await Promise.all([own, ...earlier]);
      return count as number;
    } catch (err) {
      for (const key of claimed) if (remembered.claims.get(key) === own) remembered.claims.delete(key);
      throw err;
    }
  };
}
