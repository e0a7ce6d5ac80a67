/**
 * What this caller may use, read from the API itself: the schema by introspection (so a new
 * department's dimensions, measures and filters appear without page changes), and for each
 * option one probe the API answers — a report over nobody (`filter: { or: [] }`, which the hub
 * compiles to SQL `false`) that uses only that option. The API's UNAUTHORIZED_FIELD_OR_TYPE
 * answer removes the option; the page itself never decides a permission.
 */
import { gql } from './api.js';
import { termsOf } from './i18n.js';

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
const INTROSPECTION = `query ReportBuilderSchema { __schema { types { kind name description
  enumValues { name description } inputFields { name description type { ${TYPE_REF} } } } } }`;

/** Aliases per probe request, below every role's `maxAliases` (30 by default). */
const PROBES_PER_REQUEST = 25;

const named = (ref) => (ref.ofType ? named(ref.ofType) : ref);
const isList = (ref) => ref.kind === 'LIST' || (ref.kind === 'NON_NULL' && isList(ref.ofType));

/** A valid value of an input type, as small as possible; only its presence matters to a probe. */
function probeValue(ref, types) {
  if (ref.kind === 'NON_NULL') return probeValue(ref.ofType, types);
  if (ref.kind === 'LIST') return [];
  const type = types.get(ref.name);
  if (type?.kind === 'ENUM') return type.enumValues[0]?.name;
  if (type?.kind === 'INPUT_OBJECT') {
    const value = {};
    for (const f of type.inputFields) if (f.type.kind === 'NON_NULL') value[f.name] = probeValue(f.type, types);
    return value;
  }
  return { Boolean: true, Int: 0, Float: 0, Money: '0.00', Date: '2000-01-01', DateTime: '2000-01-01T00:00:00Z' }[ref.name] ?? '00';
}

/** How a filter field is edited. */
function editorOf(ref, types) {
  const type = types.get(named(ref).name);
  if (type?.kind === 'ENUM') return { kind: isList(ref) ? 'enumList' : 'enum', values: type.enumValues.map((v) => ({ name: v.name, label: termsOf(v.description, v.name) })) };
  if (type?.kind === 'INPUT_OBJECT') return { kind: 'range', fields: type.inputFields.map((f) => f.name) };
  const scalar = named(ref).name;
  if (isList(ref)) return { kind: scalar === 'Int' ? 'intList' : 'stringList' };
  return { kind: { Boolean: 'boolean', Int: 'int', Float: 'float', Money: 'money' }[scalar] ?? 'string' };
}

/** A range (IntRange) is an input object of `min` and `max`; any other input object is a department's group. */
function isRange(type) {
  return type.inputFields.length > 0 && type.inputFields.every((f) => f.name === 'min' || f.name === 'max');
}

function fieldLabel(field, types) {
  const own = termsOf(field.description, field.name);
  if (own.zh) return own;
  const typeTerms = termsOf(types.get(named(field.type).name)?.description, field.name);
  return { zh: typeTerms.zh ?? own.en, en: own.en };
}

/** The filter fields of PersonFilter: leaves at the top and one group per department object. */
function filterTree(types) {
  const root = types.get('PersonFilter');
  const leaf = (field, path) => ({ path, label: fieldLabel(field, types), editor: editorOf(field.type, types), probe: probeValue(field.type, types) });
  const tree = [];
  for (const field of root?.inputFields ?? []) {
    if (['and', 'or', 'not'].includes(field.name)) continue;
    const type = types.get(named(field.type).name);
    // A list of objects (`dimensions: [ReportDimensionFilter!]`) has no editor here, and probing it
    // as a department group would send `{}` where a list item needs its required fields.
    if (type?.kind === 'INPUT_OBJECT' && isList(field.type)) continue;
    if (type?.kind === 'INPUT_OBJECT' && !isRange(type)) {
      tree.push({ path: [field.name], label: fieldLabel(field, types), probe: {}, children: type.inputFields.map((f) => leaf(f, [field.name, f.name])) });
    } else tree.push(leaf(field, [field.name]));
  }
  return tree;
}

const enumOptions = (type) => (type?.enumValues ?? []).map((v) => ({ key: v.name, label: termsOf(v.description, v.name) }));

/** Puts `value` at `path` of a filter object. */
export function atPath(path, value) {
  return path.reduceRight((inner, key) => ({ [key]: inner }), value);
}

/** Runs report probes in batches; returns the set of probe ids the API refused. */
async function deniedProbes(probes) {
  const denied = new Set();
  const batches = [];
  for (let i = 0; i < probes.length; i += PROBES_PER_REQUEST) batches.push(probes.slice(i, i + PROBES_PER_REQUEST));
  await Promise.all(batches.map(async (batch) => {
    const vars = batch.map((_, i) => `$v${i}: ReportInput!`).join(', ');
    const fields = batch.map((_, i) => `p${i}: report(input: $v${i}) { title }`).join(' ');
    const variables = Object.fromEntries(batch.map((p, i) => [`v${i}`, { filter: { or: [] }, subtotals: false, ...p.input, ...(p.filter ? { filter: { or: [], ...p.filter } } : {}) }]));
    const { errors } = await gql(`query ReportBuilderProbe(${vars}) { ${fields} }`, variables);
    for (const e of errors) {
      const index = Number(String(e.path?.[0] ?? '').slice(1));
      if (e.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE' && batch[index]) denied.add(batch[index].id);
    }
  }));
  return denied;
}

/**
 * Everything the builder may offer this caller: dimensions, measures, rates, filter fields,
 * warning rules, whether warnings may be changed, and a default region (the first visible
 * person's village) to start the picker from.
 */
export async function loadCapabilities() {
  const [schema, start] = await Promise.all([
    gql(INTROSPECTION),
    gql(`query ReportBuilderStart { r: report(input: { filter: { or: [] }, subtotals: false }) { title }
      w: warnings(filter: { or: [] }, first: 1) { totalCount } p: persons(first: 1) { nodes { household { region { code } } } } }`),
  ]);
  const types = new Map(schema.data.__schema.types.map((t) => [t.name, t]));
  const refused = (alias) => start.errors.some((e) => e.path?.[0] === alias && e.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE');
  const caps = {
    canReport: start.data.r !== null && !refused('r'),
    canWarnings: start.data.w !== null && !refused('w'),
    canManageWarnings: false,
    defaultRegion: start.data.p?.nodes?.[0]?.household?.region?.code ?? null,
    dimensions: [], measures: [], rates: [], filters: [],
    rules: enumOptions(types.get('MonitoringRuleCode')),
    statuses: enumOptions(types.get('WarningStatus')),
    valueLabels: new Map(),
  };
  for (const type of types.values()) if (type.kind === 'ENUM' && !type.name.startsWith('__')) for (const v of type.enumValues) if (!caps.valueLabels.has(v.name)) caps.valueLabels.set(v.name, termsOf(v.description, v.name));
  const probes = [];
  const options = (typeName, field) => enumOptions(types.get(typeName)).map((o) => {
    probes.push({ id: `${field}:${o.key}`, input: { [field]: [o.key] } });
    return o;
  });
  const dimensions = options('ReportDimension', 'groupBy');
  const measures = options('ReportMeasure', 'measures');
  const rates = options('ReportRate', 'rates');
  const filters = filterTree(types);
  for (const node of filters) {
    probes.push({ id: `filter:${node.path.join('.')}`, filter: atPath(node.path, node.probe) });
    for (const child of node.children ?? []) probes.push({ id: `filter:${child.path.join('.')}`, filter: atPath(child.path, child.probe) });
  }
  if (caps.canReport) {
    const denied = await deniedProbes(probes);
    caps.dimensions = dimensions.filter((o) => !denied.has(`groupBy:${o.key}`));
    caps.measures = measures.filter((o) => !denied.has(`measures:${o.key}`));
    caps.rates = rates.filter((o) => !denied.has(`rates:${o.key}`));
    const allowed = (node) => !denied.has(`filter:${node.path.join('.')}`);
    caps.filters = filters.filter(allowed).map((node) => (node.children ? { ...node, children: node.children.filter(allowed) } : node));
  }
  if (caps.canWarnings) caps.canManageWarnings = await mayChangeWarnings();
  return caps;
}

/**
 * Asks the API whether this caller may change warning statuses: a status change of a warning
 * that cannot exist (id 0) is refused for lack of scope, or else answered NOT_FOUND — nothing changes.
 */
async function mayChangeWarnings() {
  try {
    const { errors } = await gql('mutation ReportBuilderManageProbe { updateWarningStatus(id: "0", status: ACKNOWLEDGED) { id } }');
    return !errors.some((e) => e.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE');
  } catch {
    return false;
  }
}
