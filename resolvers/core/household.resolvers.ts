import type { HouseholdResolvers, RegionResolvers } from '../../src/generated/graphql.js';

export const householdResolvers: HouseholdResolvers = {
  id: (h) => String(h.id),
  region: (h, _args, ctx) => ctx.loaders.region.load(h.regionCode),
  head: (h, _args, ctx) => (h.headId ? ctx.loaders.person.load(String(h.headId)) : null),
  members: (h, _args, ctx) => ctx.loaders.members.load(String(h.id)),
};

export const regionResolvers: RegionResolvers = {
  parent: (r, _args, ctx) => (r.parentCode ? ctx.loaders.region.load(r.parentCode) : null),
  children: (r, _args, ctx) => ctx.loaders.regionChildren.load(r.code),
};
