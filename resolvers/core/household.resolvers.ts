import type { HouseholdResolvers, RegionResolvers } from '../../src/generated/graphql.js';
import { openingResolver } from '../../src/crypto/open-field.js';
import { HOUSEHOLD_ADDRESS } from '../../src/crypto/encrypted-columns.js';

export const householdResolvers: HouseholdResolvers = {
  id: (h) => String(h.id),
  // Stored as ciphertext: opened only when asked for, before masking.
  address: openingResolver(HOUSEHOLD_ADDRESS, (h) => h.address),
  region: (h, _args, ctx) => ctx.loaders.region.load(h.regionCode),
  head: (h, _args, ctx) => (h.headId ? ctx.loaders.person.load(String(h.headId)) : null),
  members: (h, _args, ctx) => ctx.loaders.members.load(String(h.id)),
};

export const regionResolvers: RegionResolvers = {
  parent: (r, _args, ctx) => (r.parentCode ? ctx.loaders.region.load(r.parentCode) : null),
  children: (r, _args, ctx) => ctx.loaders.regionChildren.load(r.code),
};
