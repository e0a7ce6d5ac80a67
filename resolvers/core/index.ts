import type { Resolvers } from '../../src/generated/graphql.js';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../../src/core/scalars.js';
import { queryResolvers } from './query.resolvers.js';
import { personLinkResolvers, personResolvers } from './person.resolvers.js';
import { householdResolvers, regionResolvers } from './household.resolvers.js';

export const coreResolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Query: queryResolvers,
  Person: personResolvers,
  PersonLink: personLinkResolvers,
  Household: householdResolvers,
  Region: regionResolvers,
  PersonConnection: { totalCount: (c) => c.totalCount() },
  HouseholdConnection: { totalCount: (c) => c.totalCount() },
};
