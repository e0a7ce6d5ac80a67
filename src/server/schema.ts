import { makeExecutableSchema } from '@graphql-tools/schema';
import { mergeResolvers } from '@graphql-tools/merge';
import type { GraphQLSchema } from 'graphql';
import type { DepartmentModule } from '../departments/department-module.js';
import { loadSdl } from '../departments/sdl.js';
import { coreResolvers } from '../../resolvers/core/index.js';

/**
 * Merges the core SDL with every department's into one executable schema. Departments are
 * passed in (not imported) so tests can build a hub with a fake department added.
 */
export function buildSchema(departments: readonly DepartmentModule[]): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: [loadSdl('core'), ...departments.map((d) => d.typeDefs)],
    resolvers: mergeResolvers([coreResolvers as never, ...departments.map((d) => d.resolvers as never)]),
    inheritResolversFromInterfaces: true,
  });
}
