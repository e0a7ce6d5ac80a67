import type { GraphQLSchema } from 'graphql';
import type { CareGraphContext } from '../contract/request-context.js';
import { CORE_SUBGRAPH, ENTITY_TYPES } from './ownership.js';

type Reference = { id: string };
type ResolveReference = (reference: Reference, ctx: CareGraphContext) => unknown;

/** How core finds an entity from its key: the region-scoped DataLoaders, one statement per batch. */
const coreLoads: Record<(typeof ENTITY_TYPES)[number], (ctx: CareGraphContext, id: string) => Promise<unknown>> = {
  Person: (ctx, id) => ctx.loaders.person.load(id),
  Household: (ctx, id) => ctx.loaders.household.load(id),
};

/**
 * `__resolveReference` for each entity the subgraph serves. Core loads the row (outside the
 * caller's region the entity resolves to null, as in the monolith); a department needs only the
 * id (its profile fields read records by person or household id). The entity type's own
 * `@requiresScopes` is held by the access transform (`enforceAccess`), not here.
 */
export function entityReferenceResolvers(schema: GraphQLSchema, subgraph: string): Record<string, ResolveReference> {
  const out: Record<string, ResolveReference> = {};
  for (const typeName of ENTITY_TYPES) {
    const type = schema.getType(typeName);
    if (!type) continue;
    const load = subgraph === CORE_SUBGRAPH ? coreLoads[typeName] : null;
    out[typeName] = (reference, ctx) => (load ? load(ctx, String(reference.id)) : { id: String(reference.id) });
  }
  return out;
}
