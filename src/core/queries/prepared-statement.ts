import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { withPgClient } from '../../db/pg-client.js';

const namedTexts = new Map<string, { name: string; positional: string }>();

/** knex-style `?` placeholders as PostgreSQL's `$1…$n`. */
function toPositional(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** The positional (`$n`) text and its statement name, computed once per distinct text. */
function namedText(text: string): { name: string; positional: string } {
  let named = namedTexts.get(text);
  if (named === undefined) {
    const positional = toPositional(text);
    named = { name: `cg_${createHash('sha1').update(positional).digest('base64url')}`, positional };
    // Texts are bounded by the query shapes in use; the cap only guards against a runaway caller.
    if (namedTexts.size >= 1000) namedTexts.clear();
    namedTexts.set(text, named);
  }
  return named;
}

/**
 * Runs a hot read-path statement as a named prepared statement on a connection of MikroORM's
 * pool: PostgreSQL parses and plans each distinct text once per connection instead of on every
 * request (the record statement of a person graph has a subquery per record kind), and knex's
 * query building is skipped. Only for statements whose text is fixed by the query's shape —
 * values travel as parameters (SqlBuilder `?`, arrays as one literal) — so the number of
 * prepared statements per connection stays bounded by the shapes in use.
 */
export function queryPrepared<R>(em: EntityManager, text: string, params: readonly unknown[]): Promise<R[]> {
  const { name, positional } = namedText(text);
  return run<R>(em, name, positional, params);
}

/**
 * Runs a statement whose best plan depends on its values — a list page over a township of 133k
 * persons or a village of 300 — unnamed, so PostgreSQL plans it for these values on every call
 * (a custom plan) instead of settling on a generic plan that cannot know how many rows a region
 * or an enum list selects. Planning costs ~1 ms against statements of tens to hundreds of ms.
 */
export function queryPlannedPerCall<R>(em: EntityManager, text: string, params: readonly unknown[]): Promise<R[]> {
  // No name to hash and nothing to remember: list texts vary with their filters.
  return run<R>(em, undefined, toPositional(text), params);
}

function run<R>(em: EntityManager, name: string | undefined, positional: string, params: readonly unknown[]): Promise<R[]> {
  return withPgClient(em, async (client) => {
    // The same event knex emits for its own statements, so statement counting still sees these.
    em.getConnection().getKnex().emit('query', { sql: positional, bindings: params, method: 'raw' });
    return (await client.query({ name, text: positional, values: params as unknown[] })).rows as R[];
  });
}
