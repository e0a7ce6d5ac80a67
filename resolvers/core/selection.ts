import type { FieldNode } from 'graphql';

/** The fields named `name` selected directly under these field nodes (inline fragments included). */
export function childFields(nodes: readonly FieldNode[], name: string): FieldNode[] {
  return nodes.flatMap((node) =>
    (node.selectionSet?.selections ?? []).flatMap((s) =>
      s.kind === 'Field' ? (s.name.value === name ? [s] : []) : s.kind === 'InlineFragment' ? s.selectionSet.selections.filter((f): f is FieldNode => f.kind === 'Field' && f.name.value === name) : [],
    ),
  );
}

/** Whether `name` is selected directly under these field nodes; a miss (named fragments) only costs a round trip. */
export function selectsField(nodes: readonly FieldNode[], name: string): boolean {
  return childFields(nodes, name).length > 0;
}
