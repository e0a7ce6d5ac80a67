import type { Resolvers } from '../../../generated/graphql.js';
import { civilAffairsRecords as records } from '../civil-affairs.records.js';
import { formatMoney } from '../../../core/scalars.js';
import { householdRecords, profileResolvers } from '../../record-resolvers.js';

/** Sums money columns in fen so no float rounding creeps into the total. */
function sumMoney(values: unknown[]): string {
  const fen = values.reduce<bigint>((acc, v) => acc + BigInt(formatMoney(v).replace('.', '')), 0n);
  const sign = fen < 0n ? '-' : '';
  const abs = (fen < 0n ? -fen : fen).toString().padStart(3, '0');
  return `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

export const civilAffairsResolvers: Resolvers = {
  ...profileResolvers('civilAffairs', 'CivilAffairsProfile', records),
  Household: {
    finance: async (household, { year }, ctx) => {
      const rows = await householdRecords(ctx, records.finance, household.id);
      return year == null ? rows : rows.filter((r) => r.year === year);
    },
  },
  HouseholdFinance: {
    rigidExpenditure: (r) =>
      sumMoney([r.medicalExpenditure, r.educationExpenditure, r.housingExpenditure, r.otherRigidExpenditure]),
  },
};
