import type { Resolvers } from '../../../generated/graphql.js';
import { healthRecords as records } from '../health.records.js';
import { profileResolvers } from '../../record-resolvers.js';

export const healthResolvers: Resolvers = {
  ...profileResolvers('health', 'HealthProfile', records),
};
