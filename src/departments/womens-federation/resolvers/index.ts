import type { Resolvers } from '../../../generated/graphql.js';
import { womensFederationRecords as records } from '../womens-federation.records.js';
import { profileResolvers } from '../../record-resolvers.js';

export const womensFederationResolvers: Resolvers = {
  ...profileResolvers('womensFederation', 'WomensFederationProfile', records),
};
