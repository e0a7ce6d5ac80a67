import type { QueryResolvers } from '../../src/generated/graphql.js';
import { parseIdNumber, IdNumberError } from '../../src/identity/id-number.js';
import { badUserInput, notFound } from '../../src/core/errors.js';
import { listHouseholds, listPersons } from '../../src/core/queries/lists.js';
import { householdRegionCondition, personRegionCondition, selectPersons, selectPersonsWithHouseholdGraph } from '../../src/core/queries/core-rows.js';
import type { SqlBuilder } from '../../src/core/filter/sql-builder.js';
import { childFields, selectsField } from './selection.js';
import { RegionEntity } from '../../src/core/entities/region.entity.js';
import { toRegionCode } from '../../src/identity/regions.js';

const ID_RE = /^\d{1,18}$/;

function requireId(id: string, what: string): string {
  if (!ID_RE.test(id)) throw notFound(what);
  return id;
}

export const queryResolvers: QueryResolvers = {
  person: async (_root, { id }, ctx) => {
    const person = await ctx.loaders.person.load(requireId(id, 'Person'));
    if (!person) throw notFound('Person');
    return person;
  },
  personByIdNumber: async (_root, { idNumber }, ctx, info) => {
    let canonical: string;
    try {
      canonical = parseIdNumber(idNumber).idNumber;
    } catch (err) {
      if (err instanceof IdNumberError) throw badUserInput('idNumber', err.message);
      throw err;
    }
    const where = (sql: SqlBuilder) => `p.id_number = ${sql.param(canonical)}${personRegionCondition('p', ctx.caller.regionPrefix, sql)}`;
    // The person graph (household with members) comes in the same statement as the person.
    if (selectsField(childFields(info.fieldNodes, 'household'), 'members')) {
      const [found] = await selectPersonsWithHouseholdGraph(ctx.em, where, (sql) => householdRegionCondition('h', ctx.caller.regionPrefix, sql));
      if (!found) throw notFound('Person');
      if (found.graph) ctx.loaders.rememberHouseholdGraph(found.graph);
      ctx.loaders.person.prime(found.person.id, found.person);
      return found.person;
    }
    const [person] = await selectPersons(ctx.em, where);
    if (!person) throw notFound('Person');
    ctx.loaders.person.prime(person.id, person);
    return person;
  },
  household: async (_root, { id }, ctx) => {
    const household = await ctx.loaders.household.load(requireId(id, 'Household'));
    if (!household) throw notFound('Household');
    return household;
  },
  persons: async (_root, args, ctx) => {
    const connection = await listPersons(ctx.em, ctx.departments, args, ctx.caller.regionPrefix);
    ctx.loaders.remember(connection.nodes);
    return connection;
  },
  households: (_root, args, ctx) => listHouseholds(ctx.em, ctx.departments, args, ctx.caller.regionPrefix),
  regions: async (_root, { parentCode }, ctx) => {
    if (parentCode == null) return ctx.em.find(RegionEntity, { level: 'PROVINCE' }, { orderBy: { code: 'asc' } });
    return ctx.loaders.regionChildren.load(regionCodeArg('parentCode', parentCode));
  },
  region: (_root, { code }, ctx) => ctx.loaders.region.load(regionCodeArg('code', code)),
};

function regionCodeArg(field: string, code: string): string {
  if (!/^\d{2,12}$/.test(code.trim())) throw badUserInput(field, 'must be a division code of 2 to 12 digits');
  return toRegionCode(code);
}
