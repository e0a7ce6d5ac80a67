import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLUnionType, type SelectionSetNode } from 'graphql';
import { NotCompilable } from './not-compilable.js';

/**
 * What `_entities` selects of the one entity type a compiled read answers for: the fragments on
 * that type, plus any `__typename` asked of the union itself (it names that same type, since the
 * statement serves only representations of it). Fragments on the union are followed; fragments
 * on more than one entity type, or on none, stay on the resolver path — a router's entity fetch
 * names one type per fetch.
 */
export function entitySelection(
  union: GraphQLUnionType,
  node: FieldNode,
  fragments: Record<string, FragmentDefinitionNode>,
): { type: GraphQLObjectType; sets: SelectionSetNode[] } {
  const byType = new Map<string, SelectionSetNode[]>();
  const typenames: FieldNode[] = [];
  const visit = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.directives?.length) throw new NotCompilable('a directive under _entities');
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== '__typename') throw new NotCompilable(`${s.name.value} on the entity union`);
        typenames.push(s);
        continue;
      }
      const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : fragments[s.name.value];
      if (!fragment) throw new NotCompilable('unknown fragment under _entities');
      if (fragment.directives?.length) throw new NotCompilable('a directive on a fragment under _entities');
      const on = fragment.typeCondition?.name.value;
      if (!on || on === union.name) {
        visit(fragment.selectionSet);
        continue;
      }
      if (!union.getTypes().some((t) => t.name === on)) throw new NotCompilable(`a fragment on ${on} under _entities`);
      byType.set(on, [...(byType.get(on) ?? []), fragment.selectionSet]);
    }
  };
  if (node.selectionSet) visit(node.selectionSet);
  if (byType.size !== 1) throw new NotCompilable(byType.size ? 'fragments on several entity types under _entities' : 'no entity type selected under _entities');
  const [[name, sets]] = [...byType] as [[string, SelectionSetNode[]]];
  const type = union.getTypes().find((t) => t.name === name)!;
  return { type, sets: typenames.length ? [...sets, { kind: Kind.SELECTION_SET, selections: typenames }] : sets };
}
