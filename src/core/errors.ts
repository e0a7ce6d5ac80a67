import { GraphQLError } from 'graphql';

/** Error codes of the API (DESIGN §5); clients switch on `extensions.code`. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'UNAUTHORIZED_FIELD_OR_TYPE'
  | 'PURPOSE_REQUIRED'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'QUERY_TOO_COMPLEX';

/** Invalid input: names the argument path (`filter.age.min`) and the reason. */
export function badUserInput(field: string, reason: string): GraphQLError {
  return new GraphQLError(`Invalid value for ${field}: ${reason}`, {
    extensions: { code: 'BAD_USER_INPUT', field, reason },
  });
}

export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
}
