import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { DepartmentModule } from '../contract/department-module.js';
import { encryptedColumnOf, personRecordKindOf, readsParentProperty } from '../core/record-fields.js';
import { regionConditionAt } from '../auth/row-scope.js';
import type { ColumnCatalog } from './column-catalog.js';
import { leafSql } from './leaf-sql.js';
import { CORE_RELATIONS, CORE_TYPES, KEY_COLUMNS, ROOT_LOOKUPS, recordRelation, representationIds, type EntityRows, type Relation, type SubjectKind } from './relations.js';
import type { AuditWalk } from './audit-walk.js';
import type { DecryptWalk } from './decrypt-walk.js';
import { NotCompilable } from './not-compilable.js';
import { entitySelection } from './entities.js';
import { isDisclosureControlled, sensitiveSpec } from '../auth/directives.js';

/** A field the operation reads, for the access check (src/auth/compiled-access.ts). */
export interface ReadField {
  parent: GraphQLObjectType;
  field: GraphQLField<unknown, unknown>;
}

export interface ReadRoot {
  key: string;
  /** The argument the root's statement parameter comes from. */
  argument: string;
  /** The argument's coerced value as the parameter; null leaves the request to the resolver path. */
  param(raw: unknown): string | string[] | null;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
}

/** An operation compiled to one SQL statement that builds its whole `data` as JSON. */
export interface ReadPlan {
  roots: ReadRoot[];
  fields: ReadField[];
  /** Entity types `_entities` returns: their own scopes are needed as a field returning them needs them. */
  entityTypes: GraphQLObjectType[];
  /**
   * The statement: `$1…$n` the roots' arguments in order, then the caller's region prefix when
   * `scoped` and `regionParam` (a department's entities read nothing the region confines).
   */
  sql(scoped: boolean): { text: string; regionParam: boolean };
  /** Where the disclosures of sensitive values sit in `data`, by root key. */
  audit: Array<{ key: string; walk: AuditWalk }>;
  /** Where values of encrypted columns sit in `data`, by root key: decrypted before the audit walk. */
  decrypt: Array<{ key: string; walk: DecryptWalk }>;
}

export { NotCompilable };

/**
 * PostgreSQL takes at most 100 arguments per function call: 50 key/value pairs per object, two
 * of which are kept for the hidden keys naming a record's subject.
 */
const MAX_KEYS = 48;
/** Keys the plan adds for the audit trail and removes from the response after the walk. */
const HIDDEN = { id: '__cg_id', person: '__cg_person', household: '__cg_household' };

type Entry = (alias: string, scope: Scope) => string;

interface Scope {
  /** The caller's region prefix parameter, when the statement is region-scoped. */
  region(): string | null;
  nextAlias(): string;
}

interface Compiled {
  entries: Entry[];
  walk: AuditWalk | null;
  /** The encrypted leaves below this object, or null when there are none. */
  open: DecryptWalk | null;
}

/** A decrypt walk, or null when it would open nothing. */
const decryptWalk = (fields: DecryptWalk['fields'], children: DecryptWalk['children']): DecryptWalk | null => (fields.length || children.length ? { fields, children } : null);

/** A table-backed object type: where its rows live and whom they are about. */
interface Source {
  type: GraphQLObjectType;
  table: string;
  subject: SubjectKind;
  regionColumn?: string;
  /** A key-only entity (a department's `_entities`): the row is the representation, its one column `id`. */
  keyOnly?: boolean;
}

/** Options of a subgraph's compiled reads; the monolith has none. */
export interface CompileOptions {
  /** How `_entities` finds its entities; absent, `_entities` is not compiled. */
  entities?: EntityRows;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Compiles a query operation to one statement, as PostGraphile does, when every field it selects
 * is one the SQL can answer exactly as the resolvers would: columns (leaf-sql.ts), the core
 * relations and department record lists (relations.ts), `__typename`. Anything else — another
 * field, an argument below the root, `@skip`/`@include`, a fragment on another type — throws
 * {@link NotCompilable} and the operation keeps the resolver path. Access is not decided here:
 * the plan lists the fields it reads, and src/auth/compiled-access.ts decides per caller.
 */
export function compileRead(
  schema: GraphQLSchema,
  catalog: ColumnCatalog,
  departments: readonly DepartmentModule[],
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  options: CompileOptions = {},
): ReadPlan {
  if (operation.operation !== 'query') throw new NotCompilable('not a query');
  const queryType = schema.getQueryType()!;
  const profileFields = new Set(departments.map((d) => d.personField));
  const fields: ReadField[] = [];
  const entityTypes: GraphQLObjectType[] = [];

  const collect = (type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Map<string, FieldNode[]> => {
    const byKey = new Map<string, FieldNode[]>();
    const visit = (set: SelectionSetNode) => {
      for (const s of set.selections) {
        if (s.directives?.length) throw new NotCompilable(`a directive on a selection under ${type.name}`);
        if (s.kind === 'Field') {
          const key = s.alias?.value ?? s.name.value;
          byKey.set(key, [...(byKey.get(key) ?? []), s]);
          continue;
        }
        const fragment = s.kind === 'InlineFragment' ? s : fragments[s.name.value];
        if (!fragment) throw new NotCompilable(`unknown fragment under ${type.name}`);
        const on = fragment.typeCondition?.name.value;
        if (on && on !== type.name && !type.getInterfaces().some((i) => i.name === on)) throw new NotCompilable(`a fragment on ${on} under ${type.name}`);
        if (fragment.directives?.length) throw new NotCompilable(`a directive on a fragment under ${type.name}`);
        visit(fragment.selectionSet);
      }
    };
    sets.forEach(visit);
    if (byKey.size > MAX_KEYS) throw new NotCompilable(`more than ${MAX_KEYS} keys on ${type.name}`);
    return byKey;
  };

  const fieldOf = (type: GraphQLObjectType, nodes: FieldNode[], allowArguments = false) => {
    const name = nodes[0]!.name.value;
    const field = type.getFields()[name];
    if (!field) throw new NotCompilable(`${type.name}.${name} is not a field`);
    if (!allowArguments && nodes.some((n) => n.arguments?.length)) throw new NotCompilable(`arguments on ${type.name}.${name}`);
    // Counts under disclosure control are shaped by the access transform, which compiled reads bypass.
    if (isDisclosureControlled(schema, field as GraphQLField<unknown, unknown>)) throw new NotCompilable(`${type.name}.${name} is under disclosure control`);
    fields.push({ parent: type, field: field as GraphQLField<unknown, unknown> });
    return field as GraphQLField<unknown, unknown>;
  };

  const selectionSets = (nodes: FieldNode[]) => nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => s != null);

  const sourceOf = (type: GraphQLObjectType, table: string, subject: SubjectKind, regionColumn?: string): Source => {
    if (!catalog.has(table)) throw new NotCompilable(`no table ${table}`);
    return { type, table, subject, regionColumn };
  };

  const objectType = (field: GraphQLField<unknown, unknown>): GraphQLObjectType => {
    const named = getNamedType(field.type);
    if (!isObjectType(named)) throw new NotCompilable(`${field.name} does not return an object type`);
    return named;
  };

  /** The key/value entries of one object of `source` read from alias `a`, and its audit walk. */
  const compileObject = (source: Source, sets: readonly SelectionSetNode[]): Compiled => {
    const { type } = source;
    const columns = source.keyOnly ? KEY_COLUMNS : catalog.get(source.table)!;
    const entries: Entry[] = [];
    const sensitive: AuditWalk['sensitive'] = [];
    const children: AuditWalk['children'] = [];
    const encrypted: DecryptWalk['fields'] = [];
    const opened: DecryptWalk['children'] = [];
    const selection = collect(type, sets);
    for (const [key, nodes] of selection) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') {
        entries.push(typename(key, type.name));
        continue;
      }
      const field = fieldOf(type, nodes);
      const coordinate = `${type.name}.${name}`;
      const relation = CORE_RELATIONS[coordinate];
      if (relation) {
        if (source.keyOnly) throw new NotCompilable(`${coordinate} on a key-only entity`);
        const target = CORE_TYPES[relation.target]!;
        const child = compileObject(sourceOf(objectType(field), target.table, target.subject, target.regionColumn), selectionSets(nodes));
        entries.push(related(key, relation, target.table, target.regionColumn, child));
        if (child.walk) children.push({ key, walk: child.walk });
        if (child.open) opened.push({ key, walk: child.open });
        continue;
      }
      if (type.name === 'Person' && profileFields.has(name)) {
        const profile = compileProfile(objectType(field), selectionSets(nodes));
        entries.push((a, scope) => `'${key}', ${objectJson(profile.entries, a, scope)}`);
        if (profile.walk) children.push({ key, walk: profile.walk });
        if (profile.open) opened.push({ key, walk: profile.open });
        continue;
      }
      const column = name === 'id' || readsParentProperty(field) ? columns.get(snake(name)) : undefined;
      const render = column && leafSql(field.type, column);
      if (!render || nodes.some((n) => n.selectionSet)) throw new NotCompilable(`${coordinate} is not a column the SQL can answer`);
      entries.push((a) => `'${key}', ${render(`${a}.${snake(name)}`)}`);
      if (sensitiveSpec(schema, field)) sensitive.push({ key, coordinate });
      const encryptedColumn = source.keyOnly ? undefined : encryptedColumnOf(field);
      if (encryptedColumn) encrypted.push({ key, column: encryptedColumn });
    }
    const open = decryptWalk(encrypted, opened);
    if (sensitive.length === 0) return { entries, walk: children.length ? { subject: source.subject, sensitive, children, hidden: [] } : null, open };
    const { hidden, ...keys } = subjectKeys(source, selection, columns);
    return {
      entries: [...entries, ...hidden.map(({ key, column }): Entry => (a) => `'${key}', ${a}.${column}::text`)],
      walk: { subject: source.subject, sensitive, children, ...keys, hidden: hidden.map((h) => h.key) },
      open,
    };
  };

  /** A department sub-object of a person: record lists only, read with the person's alias. */
  const compileProfile = (type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Compiled => {
    const entries: Entry[] = [];
    const children: AuditWalk['children'] = [];
    const opened: DecryptWalk['children'] = [];
    for (const [key, nodes] of collect(type, sets)) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') {
        entries.push(typename(key, type.name));
        continue;
      }
      const field = fieldOf(type, nodes);
      const kind = personRecordKindOf(field);
      if (!kind || !isListType(isNonNullType(field.type) ? field.type.ofType : field.type)) throw new NotCompilable(`${type.name}.${name} is not a record list`);
      const relation = recordRelation(objectType(field).name, kind);
      const child = compileObject(sourceOf(objectType(field), relation.table, 'record'), selectionSets(nodes));
      entries.push(related(key, relation, relation.table, undefined, child));
      if (child.walk) children.push({ key, walk: child.walk });
      if (child.open) opened.push({ key, walk: child.open });
    }
    return { entries, walk: children.length ? { subject: 'record', sensitive: [], children, hidden: [] } : null, open: decryptWalk([], opened) };
  };

  const roots: ReadRoot[] = [];
  const rootEntries: Entry[] = [];
  const audit: ReadPlan['audit'] = [];
  const decrypt: ReadPlan['decrypt'] = [];

  /**
   * `_entities(representations:)` of one entity type: one row per representation, in order
   * (`unnest … with ordinality`), each found as the subgraph's `__resolveReference` finds it —
   * core joins the entity's table under the caller's region (no row: a null entity in its place),
   * a department reads its fields from the key alone.
   */
  const compileEntities = (key: string, node: FieldNode, rows: EntityRows) => {
    const field = fieldOf(queryType, [node], true);
    if (node.arguments?.some((a) => a.name.value !== 'representations')) throw new NotCompilable('unexpected arguments on Query._entities');
    const union = getNamedType(field.type);
    if (!isUnionType(union)) throw new NotCompilable('Query._entities does not return a union');
    const { type, sets } = entitySelection(union, node, fragments);
    const target = CORE_TYPES[type.name];
    if (!target) throw new NotCompilable(`${type.name} is not an entity the SQL reads`);
    entityTypes.push(type);
    const keyOnly = rows === 'key';
    const source = keyOnly ? { type, table: target.table, subject: target.subject, keyOnly } : sourceOf(type, target.table, target.subject, target.regionColumn);
    const child = compileObject(source, sets);
    const ref = `$${roots.length + 1}::bigint[]`;
    roots.push({ key, argument: 'representations', param: (raw) => representationIds(raw, type.name), field, node });
    rootEntries.push((_a, scope) => {
      const r = scope.nextAlias();
      const from = `unnest(${ref}) with ordinality ${r}(id, n)`;
      if (keyOnly) return `'${key}', coalesce((select json_agg(${objectJson(child.entries, r, scope)} order by ${r}.n) from ${from}), '[]'::json)`;
      const t = scope.nextAlias();
      const entity = `case when ${t}.id is null then null else ${objectJson(child.entries, t, scope)} end`;
      return `'${key}', coalesce((select json_agg(${entity} order by ${r}.n) from ${from} left join ${target.table} ${t} on ${t}.id = ${r}.id${regionOf(t, target.regionColumn, scope)}), '[]'::json)`;
    });
    if (child.walk) audit.push({ key, walk: child.walk });
    if (child.open) decrypt.push({ key, walk: child.open });
  };
  for (const [key, nodes] of collect(queryType, [operation.selectionSet])) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      rootEntries.push(typename(key, queryType.name));
      continue;
    }
    if (nodes.length > 1) throw new NotCompilable(`Query.${name} selected twice under one key`);
    if (name === '_entities' && options.entities) {
      compileEntities(key, nodes[0]!, options.entities);
      continue;
    }
    const lookup = ROOT_LOOKUPS[name];
    if (!lookup) throw new NotCompilable(`Query.${name} has no SQL lookup`);
    const field = fieldOf(queryType, nodes, true);
    if (nodes[0]!.arguments?.some((a) => a.name.value !== lookup.argument)) throw new NotCompilable(`unexpected arguments on Query.${name}`);
    const target = CORE_TYPES[lookup.target]!;
    const child = compileObject(sourceOf(objectType(field), target.table, target.subject, target.regionColumn), selectionSets(nodes));
    const ref = `$${roots.length + 1}`;
    roots.push({ key, argument: lookup.argument, param: (raw) => lookup.value(raw), field, node: nodes[0]! });
    rootEntries.push((_a, scope) => {
      const t = scope.nextAlias();
      return `'${key}', (select ${objectJson(child.entries, t, scope)} from ${target.table} ${t} where ${lookup.where(t, ref)}${regionOf(t, target.regionColumn, scope)})`;
    });
    if (child.walk) audit.push({ key, walk: child.walk });
    if (child.open) decrypt.push({ key, walk: child.open });
  }
  if (roots.length === 0) throw new NotCompilable('no root field with a SQL lookup');

  const texts = new Map<boolean, { text: string; regionParam: boolean }>();
  return {
    roots,
    fields,
    entityTypes,
    audit,
    decrypt,
    sql(scoped) {
      let statement = texts.get(scoped);
      if (statement === undefined) {
        let n = 0;
        let regionParam = false;
        const region = `$${roots.length + 1}::text`;
        // PostgreSQL refuses a parameter the text never reads: the prefix is passed only when used.
        const scope: Scope = { region: () => (scoped ? ((regionParam = true), region) : null), nextAlias: () => `t${++n}` };
        const text = `select ${objectJson(rootEntries, '', scope)} as data`;
        texts.set(scoped, (statement = { text, regionParam }));
      }
      return statement;
    },
  };
}

/** An object of the answer: `json_build_object` of its entries over `alias`. */
function objectJson(entries: readonly Entry[], alias: string, scope: Scope): string {
  return `json_build_object(${entries.map((e) => e(alias, scope)).join(', ')})`;
}

/** The entry for `__typename`: the type's name as a constant. */
const typename =
  (key: string, name: string): Entry =>
  () =>
    `'${key}', '${name}'`;

/** ` and <column> under the caller's region` when the statement is region-scoped and the rows are confined. */
function regionOf(alias: string, regionColumn: string | undefined, scope: Scope): string {
  const ref = regionColumn ? scope.region() : null;
  return ref ? regionConditionAt(`${alias}.${regionColumn}`, ref) : '';
}

/** The entry for a related object (a correlated subquery) or list (`json_agg` in the relation's order, `[]` when none). */
function related(key: string, relation: Relation, table: string, regionColumn: string | undefined, child: Compiled): Entry {
  return (from, scope) => {
    const to = scope.nextAlias();
    const json = objectJson(child.entries, to, scope);
    const where = `${relation.join(to, from)}${relation.regionScoped ? regionOf(to, regionColumn, scope) : ''}`;
    if (!relation.list) return `'${key}', (select ${json} from ${table} ${to} where ${where})`;
    const order = relation.orderBy ? ` order by ${relation.orderBy(to)}` : '';
    return `'${key}', coalesce((select json_agg(${json}${order}) from ${table} ${to} where ${where}), '[]'::json)`;
  };
}

/** Whether `id` is selected as itself (so the audit walk can read the subject from it). */
const selectsOwnId = (selection: Map<string, FieldNode[]>) => selection.get('id')?.[0]?.name.value === 'id';

/**
 * Where the audit walk reads whom a disclosing row is about, and the hidden entries (key and
 * column) the plan adds for it: a person's or household's id unless selected as `id`; a record's
 * `person_id`/`household_id` columns (what the access wrapper reads from a record row).
 */
function subjectKeys(
  source: Source,
  selection: Map<string, FieldNode[]>,
  columns: ReadonlyMap<string, unknown>,
): Pick<AuditWalk, 'idKey' | 'personKey' | 'householdKey'> & { hidden: Array<{ key: string; column: string }> } {
  if (source.subject !== 'record') return selectsOwnId(selection) ? { idKey: 'id', hidden: [] } : { idKey: HIDDEN.id, hidden: [{ key: HIDDEN.id, column: 'id' }] };
  const hidden: Array<{ key: string; column: string }> = [];
  if (columns.has('person_id')) hidden.push({ key: HIDDEN.person, column: 'person_id' });
  if (columns.has('household_id')) hidden.push({ key: HIDDEN.household, column: 'household_id' });
  const has = (key: string) => (hidden.some((h) => h.key === key) ? key : undefined);
  return { personKey: has(HIDDEN.person), householdKey: has(HIDDEN.household), hidden };
}
