import type { Resolvers } from '../../../generated/graphql.js';
import { educationRecords as records } from '../education.records.js';
import { profileResolvers } from '../../record-resolvers.js';

export const educationResolvers: Resolvers = {
  ...profileResolvers('education', 'EducationProfile', records),
};
