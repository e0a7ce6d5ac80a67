import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { jitGateway } from '../../src/server/jit-executor.js';

/**
 * An operation runs on graphql-js first and compiled (graphql-jit) from its second run: errors
 * must come out the same either way — located, coded, and passed through `formatError`, which
 * logs unexpected errors and hides their message.
 */
const schema = makeExecutableSchema({
  typeDefs: 'type Query { ok: String boom: String denied: String }',
  resolvers: {
    Query: {
      ok: () => 'ok',
      boom: () => {
        throw new Error('select * from core.person -- not for clients');
      },
      denied: () => {
        throw new GraphQLError('Not authorized', { extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } });
      },
    },
  },
});

it('formats errors the same on the first (interpreted) and later (compiled) runs', async () => {
  const formatted: GraphQLFormattedError[] = [];
  const apollo = new ApolloServer({
    gateway: jitGateway(schema),
    formatError: (f) => {
      formatted.push(f);
      return f;
    },
  });
  await apollo.start();
  try {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const response = await apollo.executeOperation({ query: '{ ok boom denied }' });
      runs.push(response.body.kind === 'single' ? response.body.singleResult : null);
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    expect(runs[0]!.data).toEqual({ ok: 'ok', boom: null, denied: null });
    expect(runs[0]!.errors!.map((e) => [e.path, e.extensions?.code, e.locations])).toEqual([
      [['boom'], 'INTERNAL_SERVER_ERROR', [{ line: 1, column: 6 }]],
      [['denied'], 'UNAUTHORIZED_FIELD_OR_TYPE', [{ line: 1, column: 11 }]],
    ]);
    expect(formatted).toHaveLength(6); // every error of every run went through formatError
  } finally {
    await apollo.stop();
  }
});
