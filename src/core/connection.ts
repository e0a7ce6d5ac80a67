import { badUserInput } from './errors.js';

export const MAX_PAGE_SIZE = 500;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  limit: number;
  afterId: string | null;
}

/** Opaque cursor: base64url of `<type>:<id>`; ids are the only stable order we promise. */
export function encodeCursor(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

/** A row id: what most lists' nodes and cursors are keyed by. */
const ROW_ID = /^\d{1,18}$/;

/**
 * The page a list is asked for. `id` is the shape of the list's node ids (a row id unless the
 * list says otherwise, e.g. the audit list's `<row id>.<position>`): a cursor holding anything
 * else was not returned by this list.
 */
export function readPage(type: string, args: PageArgs, id: RegExp = ROW_ID): Page {
  const limit = args.first ?? 20;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw badUserInput('first', `must be between 0 and ${MAX_PAGE_SIZE}, got ${limit}`);
  }
  if (args.after == null) return { limit, afterId: null };
  const decoded = Buffer.from(args.after, 'base64url').toString();
  const [prefix, afterId] = decoded.split(':');
  if (prefix !== type || !afterId || !id.test(afterId)) throw badUserInput('after', 'is not a cursor returned by this list');
  return { limit, afterId };
}

export interface ConnectionValue<T extends { id: string }> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Counted only when the client asks for `totalCount`. */
  totalCount: () => Promise<number>;
  /**
   * The cell key of the rows counted (src/disclosure/record-key.ts), for lists whose
   * `totalCount` is under disclosure control; asked only for callers without exact counts.
   */
  totalCountKey?: () => Promise<string>;
}

/** Builds a connection from `limit + 1` fetched rows (the extra row only signals a next page). */
export function toConnection<T extends { id: string }>(
  type: string,
  rows: T[],
  limit: number,
  count: () => Promise<number>,
  countKey?: () => Promise<string>,
): ConnectionValue<T> {
  const nodes = rows.slice(0, limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(type, String(node.id)), node }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: count,
    totalCountKey: countKey,
  };
}
