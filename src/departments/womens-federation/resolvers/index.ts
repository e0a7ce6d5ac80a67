import type { Resolvers } from '../../../generated/graphql.js';
import { womensFederationRecords as records } from '../womens-federation.records.js';
import { personRecords, profileOf } from '../../record-resolvers.js';

export const womensFederationResolvers: Resolvers = {
  Person: { womensFederation: profileOf },
  WomensFederationProfile: {
    leftBehindRecords: personRecords(records.leftBehindRecords),
    trainings: personRecords(records.trainings),
    supportCases: personRecords(records.supportCases),
  },
};
