import type { Resolvers } from '../../../generated/graphql.js';
import { healthRecords as records } from '../health.records.js';
import { personRecords, profileOf } from '../../record-resolvers.js';

export const healthResolvers: Resolvers = {
  Person: { health: profileOf },
  HealthProfile: {
    familyDoctorContracts: personRecords(records.familyDoctorContracts),
    checks: personRecords(records.checks),
    conditions: personRecords(records.conditions),
    medicalExpenses: personRecords(records.medicalExpenses),
    deaths: personRecords(records.deaths),
  },
};
