import type { Resolvers } from '../../src/generated/graphql.js';
import { womensFederationRecords as records } from '../../src/departments/womens-federation/womens-federation.records.js';
import { personRecords, profileOf } from '../department-records.js';

export const womensFederationResolvers: Resolvers = {
  Person: { womensFederation: profileOf },
  WomensFederationProfile: {
    leftBehindRecords: personRecords(records.leftBehindRecords),
    trainings: personRecords(records.trainings),
    supportCases: personRecords(records.supportCases),
  },
};
