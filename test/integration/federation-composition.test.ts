import { buildSchema as buildSdl, lexicographicSortSchema, parse, print, printType, type GraphQLNamedType } from 'graphql';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { departments } from '../../src/departments/registry.js';
import { buildRawSchema } from '../../src/server/schema.js';
import { allSubgraphDocuments } from '../../src/federation/subgraph-schema.js';
import { composeSupergraph } from '../../src/federation/supergraph.js';
import { fakeDepartment } from '../fixtures/fake-department/index.js';

/**
 * Subgraphs come from the module contract alone: each department's SDL extensions decide what it
 * serves, the supergraph composed from them exposes exactly the monolith's API, and a department
 * added from outside (the fake one, as `npm run new:department` makes them) is a subgraph too.
 */
const typesOf = (schema: ReturnType<typeof buildRawSchema>) =>
  Object.values(lexicographicSortSchema(schema).getTypeMap())
    .filter((t: GraphQLNamedType) => !t.name.startsWith('__'))
    .map((t) => printType(t).replace(/^"""[\s\S]*?"""\n|^"[^\n]*"\n/, '')); // scalar descriptions come from the resolvers' scalars

it('the composed supergraph exposes exactly the types and fields of the monolith', () => {
  const publicSchema = buildSdl(print(transformSupergraphToPublicSchema(parse(composeSupergraph(departments)))));
  expect(typesOf(publicSchema)).toEqual(typesOf(buildRawSchema(departments)));
});

it('each department subgraph serves its own sub-object of Person and nothing of core', () => {
  const documents = allSubgraphDocuments(departments);
  expect([...documents.keys()]).toEqual(['core', ...departments.map((d) => d.code)]);
  for (const department of departments) {
    const sdl = buildSdl(print(documents.get(department.code)!).replace(/^extend schema @link.*$/m, '').replace(/@(key|shareable)\b(\([^)]*\))?/g, ''), { assumeValidSDL: true });
    const person = sdl.getType('Person') as import('graphql').GraphQLObjectType;
    expect(Object.keys(person.getFields()).sort()).toEqual(['id', department.personField].sort());
    expect(sdl.getQueryType()).toBeUndefined();
  }
  const core = print(documents.get('core')!);
  expect(core).toMatch(/type Person @key\(fields: "id"\)/);
  const corePerson = core.slice(core.indexOf('type Person @key'), core.indexOf('}', core.indexOf('type Person @key')));
  expect(corePerson).toMatch(/\bhousehold: Household\b/);
  for (const department of departments) expect(corePerson).not.toMatch(new RegExp(`\\b${department.personField}: `));
});

it('a department added from outside is a subgraph with no extra declaration', () => {
  const documents = allSubgraphDocuments([...departments, fakeDepartment]);
  const sdl = print(documents.get(fakeDepartment.code)!);
  expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
  expect(sdl).toMatch(new RegExp(`type Person @key\\(fields: "id"\\)[^{]*\\{\\s+id: ID!\\s+(""".*"""|"[^"]*")?\\s*${fakeDepartment.personField}: `));
  const supergraph = composeSupergraph([...departments, fakeDepartment]);
  expect(supergraph).toContain(`@join__graph(name: "${fakeDepartment.code}"`);
  expect(supergraph).toMatch(new RegExp(`${fakeDepartment.personField}: \\w+ @join__field\\(graph: ${fakeDepartment.code.toUpperCase().replace(/-/g, '_')}\\)`));
});
