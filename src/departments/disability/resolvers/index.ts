import type { Resolvers } from '../../../generated/graphql.js';
import { disabilityRecords as records } from '../disability.records.js';
import { categoryName } from '../disability-category.js';
import { profileResolvers } from '../../record-resolvers.js';

export const disabilityResolvers: Resolvers = {
  ...profileResolvers('disability', 'DisabilityProfile', records),
  // The table keeps the certificate digit (1..7) so it can be checked against the certificate number.
  DisabilityCertificate: { category: (r) => categoryName(r.category) },
};
