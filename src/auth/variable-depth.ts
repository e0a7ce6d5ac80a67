import { GraphQLError } from 'graphql';

/**
 * How deep a variable's JSON value may nest. graphql-js coerces input values recursively and a
 * value nested a few thousand levels overflows the stack (an INTERNAL_SERVER_ERROR); the deepest
 * legitimate input, a `PersonFilter` at its 10-level limit written with `and: [...]`, is ~25.
 */
export const MAX_VARIABLE_DEPTH = 64;

/** The depth of a JSON value, counted without recursion (so the check itself cannot overflow), stopping past `max`. */
function depthOf(value: unknown, max: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [at, depth] = stack.pop()!;
    if (at === null || typeof at !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > max) return deepest;
    for (const inner of Array.isArray(at) ? at : Object.values(at)) stack.push([inner, depth + 1]);
  }
  return deepest;
}

/** BAD_USER_INPUT naming the first variable that nests deeper than {@link MAX_VARIABLE_DEPTH}, or null. */
export function tooDeepVariable(variables: Record<string, unknown> | undefined, max = MAX_VARIABLE_DEPTH): GraphQLError | null {
  for (const [name, value] of Object.entries(variables ?? {})) {
    if (depthOf(value, max) > max) {
      return new GraphQLError(`Variable "$${name}" nests deeper than ${max} levels`, {
        extensions: { code: 'BAD_USER_INPUT', field: `$${name}`, reason: `nests deeper than ${max} levels`, http: { status: 400 } },
      });
    }
  }
  return null;
}
