import { getNamedType, isObjectType, type FieldNode, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { RecordKind } from '../contract/department-module.js';
import { personRecordKindOf } from './record-fields.js';
import { distinctKinds } from './queries/record-columns.js';

export type Fragments = Record<string, FragmentDefinitionNode>;

/** Fields selected directly in these selection sets, through inline fragments and fragment spreads. */
export function selectedFields(sets: ReadonlyArray<SelectionSetNode | undefined>, fragments: Fragments): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === 'Field') out.push(s);
      else if (s.kind === 'InlineFragment') visit(s.selectionSet);
      else visit(fragments[s.name.value]?.selectionSet);
    }
  };
  sets.forEach(visit);
  return out;
}

/** The fields named `name` selected directly under these field nodes. */
export function childFieldNodes(nodes: readonly FieldNode[], name: string, fragments: Fragments): FieldNode[] {
  return selectedFields(
    nodes.map((n) => n.selectionSet),
    fragments,
  ).filter((f) => f.name.value === name);
}

/**
 * The record kinds a selection on `Person` asks for through its department sub-objects
 * (`person { civilAffairs { enrolments { … } } }`), in a stable order. Read ahead with the persons
 * themselves, they cost no statement of their own. A field under `@skip` is read all the same —
 * only fetched, never returned: what the caller sees is still decided field by field at resolve time.
 */
export function personRecordKinds(schema: GraphQLSchema, personNodes: readonly FieldNode[], fragments: Fragments): RecordKind[] {
  // Parsed documents are reused across requests (Apollo's document LRU), so a selection's answer is too.
  if (personNodes.length !== 1) return collectPersonRecordKinds(schema, personNodes, fragments);
  let bySelection = kindsBySchema.get(schema);
  if (!bySelection) kindsBySchema.set(schema, (bySelection = new WeakMap()));
  let kinds = bySelection.get(personNodes[0]!);
  if (!kinds) bySelection.set(personNodes[0]!, (kinds = collectPersonRecordKinds(schema, personNodes, fragments)));
  return kinds;
}

const kindsBySchema = new WeakMap<GraphQLSchema, WeakMap<FieldNode, RecordKind[]>>();

function collectPersonRecordKinds(schema: GraphQLSchema, personNodes: readonly FieldNode[], fragments: Fragments): RecordKind[] {
  const person = schema.getType('Person');
  if (!isObjectType(person) || personNodes.length === 0) return [];
  const kinds: RecordKind[] = [];
  const personFields = person.getFields();
  for (const child of selectedFields(personNodes.map((n) => n.selectionSet), fragments)) {
    const sub = personFields[child.name.value] && getNamedType(personFields[child.name.value]!.type);
    if (!isObjectType(sub) || !child.selectionSet) continue;
    const subFields = sub.getFields();
    for (const leaf of selectedFields([child.selectionSet], fragments)) {
      const kind = personRecordKindOf(subFields[leaf.name.value]);
      if (kind) kinds.push(kind);
    }
  }
  return distinctKinds(kinds);
}
