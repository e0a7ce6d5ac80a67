import type { GraphQLField, GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { Caller } from '../contract/caller.js';
import { fieldAccess, typeRequirement } from './access-plan.js';
import { inputCheckFor } from './input-access.js';
import { satisfies, type ScopeRequirement } from './scopes.js';

export type UnguardedReadCheck = (caller: Caller, purpose: string | null) => boolean;

/**
 * When a read compiled to SQL (src/compiled-read/) may be served without the access wrapper:
 * exactly when the wrapper would let every field of it through unchanged — the caller holds
 * every field's scopes (the parent type's included), every `@sensitive` field is unmasked for
 * it, and, if anything sensitive is selected, it declared a purpose its roles allow. Any other
 * caller gets the resolver path, where enforce-access.ts masks, denies and explains field by
 * field; this check only ever chooses between the two, it never grants anything itself. Null
 * when no caller qualifies (an argument carries input-field rules, checked on the resolver path only).
 * `entityTypes` are the types a subgraph's `_entities` returns: their own scopes are held as the
 * access transform holds them on `__resolveReference`.
 */
export function unguardedReadCheck(
  schema: GraphQLSchema,
  fields: ReadonlyArray<{ parent: GraphQLObjectType; field: GraphQLField<unknown, unknown> }>,
  entityTypes: readonly GraphQLObjectType[] = [],
): UnguardedReadCheck | null {
  const requirements = new Map<string, ScopeRequirement>();
  for (const type of entityTypes) {
    const requirement = typeRequirement(schema, type);
    if (requirement) requirements.set(JSON.stringify(requirement), requirement);
  }
  let discloses = false;
  for (const { parent, field } of fields) {
    if (inputCheckFor(schema, field.args)) return null;
    const access = fieldAccess(schema, parent, field);
    for (const requirement of [access.effective, access.sensitive?.unless ?? null]) {
      if (requirement) requirements.set(JSON.stringify(requirement), requirement);
    }
    if (access.sensitive) discloses = true;
  }
  const needed = [...requirements.values()];
  // A verified key answers with the same Caller while cached (verified-key-cache.ts): one check per scope set.
  const byScopes = new WeakMap<ReadonlySet<string>, boolean>();
  return (caller, purpose) => {
    let held = byScopes.get(caller.scopes);
    if (held === undefined) byScopes.set(caller.scopes, (held = needed.every((r) => satisfies(caller.scopes, r))));
    return held && (!discloses || (purpose != null && caller.purposes.has(purpose as never)));
  };
}
