import type { Resolvers } from '../../src/generated/graphql.js';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../../src/core/scalars.js';
import { queryResolvers } from './query.resolvers.js';
import { personLinkResolvers, personResolvers } from './person.resolvers.js';
import { householdResolvers, regionResolvers } from './household.resolvers.js';
import { controlledTotalCount } from '../../src/disclosure/disclosable-count.js';

export const coreResolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Query: queryResolvers,
  Person: personResolvers,
  PersonLink: personLinkResolvers,
  Household: householdResolvers,
  Region: regionResolvers,
  PersonConnection: { totalCount: (c) => controlledTotalCount(c, 'persons') },
  HouseholdConnection: { totalCount: (c) => controlledTotalCount(c, 'households') },
};
