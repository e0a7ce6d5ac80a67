import type { QueryResolvers } from '../../src/generated/graphql.js';
import { parseIdNumber, IdNumberError } from '../../src/identity/id-number.js';
import { badUserInput, notFound } from '../../src/core/errors.js';
import { listHouseholds, listPersons } from '../../src/core/queries/lists.js';
import { selectPersonRows, selectPersonsWithHouseholdGraph } from '../../src/core/queries/core-rows.js';
import { rowScopeOf } from '../../src/auth/row-scope.js';
import { childFieldNodes, personRecordKinds } from '../../src/core/record-lookahead.js';
import { distinctKinds } from '../../src/core/queries/record-columns.js';
import { primeRecords } from '../../src/core/loaders/record.loader.js';
import type { SqlBuilder } from '../../src/contract/sql-builder.js';
import { RegionEntity } from '../../src/core/entities/region.entity.js';
import { toRegionCode } from '../../src/identity/regions.js';
import { fieldEncryption } from '../../src/crypto/field-encryption.js';

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
    const rows = rowScopeOf(ctx.caller);
    // The ID number is stored encrypted: found by its blind index.
    const index = fieldEncryption().idNumberIndex(canonical);
    const where = (sql: SqlBuilder) => `p.id_number_bidx = ${sql.param(index)}${rows.and('p.region_code', sql)}`;
    // Department records asked for on the person (and its household's members) come with it.
    const members = childFieldNodes(childFieldNodes(info.fieldNodes, 'household', info.fragments), 'members', info.fragments);
    const ownKinds = personRecordKinds(info.schema, info.fieldNodes, info.fragments);
    // The person graph (household with members) comes in the same statement as the person.
    if (members.length > 0) {
      const kinds = distinctKinds([...ownKinds, ...personRecordKinds(info.schema, members, info.fragments)]);
      const [found] = await selectPersonsWithHouseholdGraph(ctx.em, where, (sql) => rows.and('h.region_code', sql), kinds);
      if (!found) throw notFound('Person');
      if (found.graph) {
        ctx.loaders.rememberHouseholdGraph(found.graph);
        found.graph.members.forEach((m, i) => primeRecords(ctx.loaders.records, kinds, m.id, found.graph!.memberRows[i]!));
      }
      ctx.loaders.person.prime(found.person.id, found.person);
      return found.person;
    }
    const [found] = await selectPersonRows(ctx.em, where, ownKinds);
    if (!found) throw notFound('Person');
    primeRecords(ctx.loaders.records, ownKinds, found.person.id, found.row);
    ctx.loaders.person.prime(found.person.id, found.person);
    return found.person;
  },
  household: async (_root, { id }, ctx) => {
    const household = await ctx.loaders.household.load(requireId(id, 'Household'));
    if (!household) throw notFound('Household');
    return household;
  },
  persons: async (_root, args, ctx, info) => {
    // Records asked for on the page's persons (`nodes` or `edges { node }`) come in the page's statement.
    const nodes = [...childFieldNodes(info.fieldNodes, 'nodes', info.fragments), ...childFieldNodes(childFieldNodes(info.fieldNodes, 'edges', info.fragments), 'node', info.fragments)];
    const kinds = personRecordKinds(info.schema, nodes, info.fragments);
    const prime = (personId: string, row: Record<string, unknown>) => primeRecords(ctx.loaders.records, kinds, personId, row);
    const countAlong = childFieldNodes(info.fieldNodes, 'totalCount', info.fragments).length > 0;
    const connection = await listPersons(ctx.em, ctx.departments, args, rowScopeOf(ctx.caller), { kinds, prime }, countAlong);
    ctx.loaders.remember(connection.nodes);
    return connection;
  },
  households: (_root, args, ctx) => listHouseholds(ctx.em, ctx.departments, args, rowScopeOf(ctx.caller)),
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
