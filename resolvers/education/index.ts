import type { Resolvers } from '../../src/generated/graphql.js';
import { educationRecords as records } from '../../src/departments/education/education.records.js';
import { personRecords, profileOf } from '../department-records.js';

export const educationResolvers: Resolvers = {
  Person: { education: profileOf },
  EducationProfile: {
    enrolments: personRecords(records.enrolments),
    teacherPairings: personRecords(records.teacherPairings),
    aids: personRecords(records.aids),
    dropoutCases: personRecords(records.dropoutCases),
  },
};
