import type { Resolvers } from '../../../generated/graphql.js';
import { educationRecords as records } from '../education.records.js';
import { personRecords, profileOf } from '../../record-resolvers.js';

export const educationResolvers: Resolvers = {
  Person: { education: profileOf },
  EducationProfile: {
    enrolments: personRecords(records.enrolments),
    teacherPairings: personRecords(records.teacherPairings),
    aids: personRecords(records.aids),
    dropoutCases: personRecords(records.dropoutCases),
  },
};
