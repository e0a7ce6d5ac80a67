/**
 * File templates for `npm run new:department -- <name>`: a department as one folder
 * (`src/departments/<name>/`: SDL, resolvers, entity, migration, read path, filter predicate,
 * intake kind, demo seed) with one person-owned record kind wired through every required part of
 * the module contract, plus a test fixture and an integration test, so it compiles, boots and
 * passes its test before the developer replaces the example record kind. Report dimensions,
 * warning rules and chain events are optional parts of the contract and get no stub: a
 * department adds them when it has one (docs/extending.md).
 */

/** The spellings of one department name. */
export interface DepartmentNames {
  /** kebab-case code, e.g. `volunteer-service` (policy scopes, provenance, file names). */
  code: string;
  /** camelCase, e.g. `volunteerService` (Person field, PersonFilter field, identifiers). */
  camel: string;
  /** PascalCase, e.g. `VolunteerService` (GraphQL types, entities). */
  pascal: string;
  /** snake_case, e.g. `volunteer_service` (Postgres schema). */
  snake: string;
  /** UPPER-KEBAB prefix of demo source record ids, e.g. `VOLUNTEER-SERVICE`. */
  upper: string;
  /** Migration class name, e.g. `Migration20261201120000_volunteer_service`. */
  migration: string;
}

export const DEPARTMENT_CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Derives every spelling from a kebab-case code; `now` stamps the migration. */
export function departmentNames(code: string, now: Date): DepartmentNames {
  if (!DEPARTMENT_CODE.test(code)) throw new Error(`Department name "${code}" must be kebab-case: lowercase letters and digits, words joined by "-" (e.g. volunteer-service)`);
  const words = code.split('-');
  const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
  const snake = words.join('_');
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return { code, camel: words[0] + words.slice(1).map(cap).join(''), pascal: words.map(cap).join(''), snake, upper: code.toUpperCase(), migration: `Migration${stamp}_${snake}` };
}

/** GraphQL type names the department declares (checked against the existing schema first). */
export const declaredTypes = (n: DepartmentNames) => [`${n.pascal}Profile`, `${n.pascal}Record`, `${n.pascal}PersonFilter`];

const sdl = (n: DepartmentNames) => `# ${n.pascal} (TODO: Chinese name): what this department records about a person.

extend type Person {
  "${n.pascal} (TODO: 中文) records of this person."
  ${n.camel}: ${n.pascal}Profile
}

"${n.pascal} (TODO: 中文) records of one person."
type ${n.pascal}Profile @requiresScopes(scopes: [["${n.code}:read"]]) {
  "Records (记录), newest first."
  records: [${n.pascal}Record!]!
}

"An example record kind (记录): replace it with the department's real ones."
type ${n.pascal}Record implements DepartmentRecord @requiresScopes(scopes: [["${n.code}:read"]]) {
  id: ID!
  "What was recorded (内容)."
  note: String!
  "When it happened (日期)."
  recordedDate: Date!
  provenance: Provenance!
}

"${n.pascal} predicates (筛选)."
input ${n.pascal}PersonFilter {
  "true: has a record (有记录); false: has none."
  hasRecord: Boolean
}

extend input PersonFilter {
  "${n.pascal} (TODO: 中文) predicates."
  ${n.camel}: ${n.pascal}PersonFilter @requiresScopes(scopes: [["${n.code}:read"]])
}
`;

const resolvers = (n: DepartmentNames) => `import type { Resolvers } from '../../../generated/graphql.js';
import { ${n.camel}Records as records } from '../${n.code}.records.js';
import { personRecords, profileOf } from '../../record-resolvers.js';

export const ${n.camel}Resolvers: Resolvers = {
  Person: { ${n.camel}: profileOf },
  ${n.pascal}Profile: {
    records: personRecords(records.records),
  },
};
`;

const entities = (n: DepartmentNames) => `import { defineDepartmentRecord, type PersonRecord } from '../department-record.js';

/** An example record kind: replace it with the department's real ones (and the migration with them). */
export interface ${n.pascal}Record extends PersonRecord {
  note: string;
  recordedDate: string;
}

export const ${n.pascal}RecordEntity = defineDepartmentRecord<${n.pascal}Record>({
  name: '${n.pascal}Record',
  department: '${n.code}',
  schema: '${n.snake}',
  tableName: 'record',
  owner: 'person',
  properties: {
    note: { type: 'string', length: 200 },
    recordedDate: { type: 'date' },
  },
});

export const ${n.camel}Entities = [${n.pascal}RecordEntity];
`;

const records = (n: DepartmentNames) => `import type { RecordKind } from '../../contract/department-module.js';

/** Read-path description of every ${n.code} record kind, keyed by its GraphQL field. */
export const ${n.camel}Records = {
  records: { schema: '${n.snake}', table: 'record', owner: 'person', orderBy: 'recorded_date desc, id' },
} satisfies Record<string, RecordKind>;
`;

const filter = (n: DepartmentNames) => `import type { PersonFilterCompiler } from '../../contract/department-module.js';
import { existsRecord, hasRecord } from '../../core/filter/predicates.js';

interface ${n.pascal}PersonFilter {
  hasRecord?: boolean | null;
}

export const compile${n.pascal}Filter: PersonFilterCompiler = (input, p, sql) => {
  const f = input as ${n.pascal}PersonFilter;
  const out = [hasRecord(f.hasRecord, (negate) => existsRecord(sql, '${n.snake}.record', p, undefined, negate))];
  return out.filter((c): c is string => !!c);
};
`;

const seed = (n: DepartmentNames) => `/**
 * ${n.code} demo rows: replace the example with the department's real record kinds. A table's
 * columns come from its intake kind (\`recordTable\`), so each row lists the values in the kind's
 * column order after the record columns (id, owner, source record id, source updated-at).
 */
import type { DepartmentSeed } from '../../contract/department-module.js';
import { formatDay, REFERENCE_DAY } from '../../seed/dates.js';
import type { Rng } from '../../seed/prng.js';
import { recordTable, recordTableName, sourceRecordId, sourceUpdatedAt } from '../../seed/table-spec.js';
import type { World } from '../../seed/world-types.js';
import { ${n.camel}Intake, ${n.camel}RecordKind } from './${n.code}.intake.js';

function* records(world: World, rng: Rng) {
  let id = 0;
  for (const p of world.persons) {
    if (p.deathDay !== null || !rng.chance(0.01)) continue;
    const day = REFERENCE_DAY - rng.int(1, 365);
    id++;
    yield [id, p.index + 1, sourceRecordId('${n.upper}', id), sourceUpdatedAt(rng, day), '示例记录', formatDay(day)];
  }
}

export const ${n.camel}Seed: DepartmentSeed = {
  tables: ${n.camel}Intake.map(recordTableName),
  build: (world) => [recordTable(world, ${n.camel}RecordKind, (rng) => records(world, rng))],
};
`;

const migration = (n: DepartmentNames) => `import { Migration } from '@mikro-orm/migrations';

/** Creates the \`${n.snake}\` Postgres schema and its tables. */
export class ${n.migration} extends Migration {
  override async up(): Promise<void> {
    this.addSql(\`create schema if not exists "${n.snake}";\`);
    this.addSql(\`create table "${n.snake}"."record" ("id" bigserial primary key, "person_id" bigint not null references "core"."person" ("id") on update cascade, "source_record_id" varchar(64) not null unique, "source_department" varchar(32) not null default '${n.code}', "source_updated_at" timestamptz null, "ingested_by" varchar(64) null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "note" varchar(200) not null, "recorded_date" date not null);\`);
    this.addSql(\`create index "record_person_id_index" on "${n.snake}"."record" ("person_id");\`);
  }

  override async down(): Promise<void> {
    this.addSql(\`drop schema if exists "${n.snake}" cascade;\`);
  }
}
`;

const intake = (n: DepartmentNames) => `import { col, date, defineIntakeKind, text } from '../../contract/intake-kind.js';

/**
 * The example record kind as ledgers deliver it: its columns are declared here once — the upsert
 * input, the import headers, docs/intake.md and the demo table's columns (${n.code}.seed.ts) follow;
 * test/unit/record-kind-drift.test.ts checks the SDL type, the entity and the migration against them.
 */
export const ${n.camel}RecordKind = defineIntakeKind({
  department: '${n.code}', dbSchema: '${n.snake}', owner: 'person',
  name: 'record', typeName: '${n.pascal}Record', title: '${n.pascal} record (TODO: 中文)', table: 'record',
  columns: [
    col('note', ['备注', '内容'], text(200), { required: true }),
    col('recordedDate', ['记录日期'], date, { required: true }),
  ],
});

/**
 * ${n.code} ledgers accepted by intake: each kind gets \`upsert<Kind>s\` (GraphQL, guarded by
 * \`${n.code}:write\`), \`npm run import -- --department ${n.code} --kind <name>\`, the HTTP import and a
 * row in docs/intake.md. Replace the example with the department's real kinds (docs/intake.md).
 */
export const ${n.camel}Intake = [${n.camel}RecordKind];
`;

const moduleIndex = (n: DepartmentNames) => `import type { DepartmentModule } from '../../contract/department-module.js';
import { loadSdl } from '../sdl.js';
import { ${n.camel}Resolvers } from './resolvers/index.js';
import { ${n.camel}Entities } from './${n.code}.entities.js';
import { compile${n.pascal}Filter } from './${n.code}.filter.js';
import { ${n.camel}Seed } from './${n.code}.seed.js';
import { ${n.camel}Intake } from './${n.code}.intake.js';
import { ${n.migration} } from './migrations/${n.migration}.js';

/** ${n.pascal} (TODO: Chinese name). */
export const ${n.camel}: DepartmentModule = {
  code: '${n.code}',
  dbSchema: '${n.snake}',
  personField: '${n.camel}',
  typeDefs: loadSdl('${n.code}'),
  resolvers: ${n.camel}Resolvers,
  entities: ${n.camel}Entities,
  migrations: [{ name: '${n.migration}', class: ${n.migration} }],
  filter: compile${n.pascal}Filter,
  seed: ${n.camel}Seed,
  intake: ${n.camel}Intake,
};
`;

const fixture = (n: DepartmentNames) => `import type pg from 'pg';

/** ${n.code} rows for the county fixture: enough for the permission matrix to reach every type. */
export async function load${n.pascal}Fixture(client: pg.Client): Promise<void> {
  await client.query(\`insert into ${n.snake}.record (person_id, source_record_id, note, recorded_date) values (1, '${n.upper}-1', '示例记录', '2026-01-15')\`);
}
`;

const integrationTest = (n: DepartmentNames) => `import { startTestHub, type TestHub } from '../support/test-hub.js';
import { fixturePersons, loadCountyFixture } from '../fixtures/county-fixture.js';

/** ${n.code}: its records under Person, its filter predicate, and its scope. */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});

it('shows ${n.code} records under Person with their provenance', async () => {
  const res = await hub.query(\`{ person(id: "1") { ${n.camel} { records { note recordedDate provenance { department sourceRecordId } } } } }\`);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.person.${n.camel}.records).toEqual([
    { note: '示例记录', recordedDate: '2026-01-15', provenance: { department: '${n.code}', sourceRecordId: '${n.upper}-1' } },
  ]);
});

it('filters persons by the ${n.code} predicate', async () => {
  const res = await hub.query(\`{ persons(filter: { ${n.camel}: { hasRecord: true } }) { totalCount nodes { id } } }\`);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.persons).toEqual({ totalCount: 1, nodes: [{ id: '1' }] });
});

it('takes ${n.code} records through intake, idempotently by sourceRecordId', async () => {
  const upsert = \`mutation ($records: [${n.pascal}RecordIntake!]!) { upsert${n.pascal}Records(records: $records) { created updated unchanged rejected } }\`;
  const records = [{ sourceRecordId: '${n.upper}-2', idNumber: fixturePersons[4]!.idNumber, name: fixturePersons[4]!.name, note: '上门走访', recordedDate: '2026/2/1' }];
  const first = await hub.query(upsert, { records });
  expect(first.body.errors).toBeUndefined();
  expect(first.body.data.upsert${n.pascal}Records).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
  const again = await hub.query(upsert, { records });
  expect(again.body.data.upsert${n.pascal}Records).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
  const refused = await hub.query(upsert, { records }, await hub.as('education'));
  expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE' });
});

it('denies ${n.code} records to a caller without ${n.code}:read', async () => {
  const res = await hub.query(\`{ person(id: "1") { name ${n.camel} { records { note } } } }\`, {}, await hub.as('education'));
  expect(res.body.data.person.${n.camel}).toBeNull();
  expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHORIZED_FIELD_OR_TYPE' });
});
`;

/** Every new file, path relative to the project root → content. */
export function departmentFiles(n: DepartmentNames): Record<string, string> {
  const dir = `src/departments/${n.code}`;
  return {
    [`${dir}/schema.graphql`]: sdl(n),
    [`${dir}/resolvers/index.ts`]: resolvers(n),
    [`${dir}/${n.code}.entities.ts`]: entities(n),
    [`${dir}/${n.code}.records.ts`]: records(n),
    [`${dir}/${n.code}.filter.ts`]: filter(n),
    [`${dir}/${n.code}.seed.ts`]: seed(n),
    [`${dir}/${n.code}.intake.ts`]: intake(n),
    [`${dir}/migrations/${n.migration}.ts`]: migration(n),
    [`${dir}/index.ts`]: moduleIndex(n),
    [`test/fixtures/${n.code}-fixture.ts`]: fixture(n),
    [`test/integration/${n.code}.test.ts`]: integrationTest(n),
  };
}
