import type { GraphQLSchema } from 'graphql';
import type { CareGraphContext } from '../server/context.js';
import { typeRequirement } from '../auth/access-plan.js';
import { satisfies } from '../auth/scopes.js';
import { unauthorizedField } from '../auth/access-errors.js';
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
 * id (its profile fields read records by person or household id). Either way the entity type's
 * own `@requiresScopes` holds for `_entities` as it does for every field returning the type.
 */
export function entityReferenceResolvers(schema: GraphQLSchema, subgraph: string): Record<string, ResolveReference> {
  const out: Record<string, ResolveReference> = {};
  for (const typeName of ENTITY_TYPES) {
    const type = schema.getType(typeName);
    if (!type) continue;
    const needed = typeRequirement(schema, type);
    const load = subgraph === CORE_SUBGRAPH ? coreLoads[typeName] : null;
    out[typeName] = (reference, ctx) => {
      if (needed && !satisfies(ctx.caller.scopes, needed)) throw unauthorizedField(typeName, needed);
      return load ? load(ctx, String(reference.id)) : { id: String(reference.id) };
    };
  }
  return out;
}
