import { GraphQLError } from 'graphql';
import { describe, type ScopeRequirement } from './scopes.js';

/** Denied by scope: the field is null, siblings resolve. Says what was needed, not what exists. */
export function unauthorizedField(coordinate: string, needed: ScopeRequirement): GraphQLError {
  return new GraphQLError(`Not authorized to read ${coordinate}: requires ${describe(needed)}`, {
    extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate },
  });
}

export function unauthorizedFilter(path: string, needed: ScopeRequirement): GraphQLError {
  return new GraphQLError(`Not authorized to filter by ${path}: requires ${describe(needed)}`, {
    extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', field: path },
  });
}

export function purposeRequired(coordinate: string, allowed: Iterable<string>, declared: string | null): GraphQLError {
  const list = [...allowed].join(', ') || 'none';
  const why = declared ? `purpose "${declared}" is not allowed for your roles` : 'no purpose was declared';
  return new GraphQLError(`Revealing ${coordinate} needs an X-Purpose header (${why}); allowed: ${list}`, {
    extensions: { code: 'PURPOSE_REQUIRED', coordinate, allowedPurposes: [...allowed] },
  });
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
