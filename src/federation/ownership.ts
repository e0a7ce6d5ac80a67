import { Kind, parse, type DocumentNode } from 'graphql';
import type { DepartmentModule } from '../contract/department-module.js';

/** The subgraph serving everything no department declares: persons, households, regions, audit, reports, monitoring, intake. */
export const CORE_SUBGRAPH = 'core';

/** The entity types every subgraph may extend, keyed by `id` (DESIGN §8). */
export const ENTITY_TYPES = ['Person', 'Household'] as const;

/**
 * Which subgraph serves each field that a department adds to a type it does not define
 * (`extend type Person { education: … }`), read from the department's own SDL: the module
 * contract decides ownership, so a department made by `npm run new:department` is a subgraph
 * with no further declaration. Fields not listed here belong to `core`.
 */
export interface Ownership {
  /** `Type.field` → subgraph name (a department code). */
  owner: ReadonlyMap<string, string>;
  subgraphs: readonly string[];
}

function documentOf(typeDefs: DocumentNode | string): DocumentNode {
  return typeof typeDefs === 'string' ? parse(typeDefs) : typeDefs;
}

export function fieldOwnership(departments: readonly DepartmentModule[]): Ownership {
  const owner = new Map<string, string>();
  for (const department of departments) {
    for (const definition of documentOf(department.typeDefs).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      for (const field of definition.fields ?? []) owner.set(`${definition.name.value}.${field.name.value}`, department.code);
    }
  }
  return { owner, subgraphs: [CORE_SUBGRAPH, ...departments.map((d) => d.code)] };
}

/** The subgraph that resolves `typeName.fieldName`. */
export function ownerOf(ownership: Ownership, typeName: string, fieldName: string): string {
  return ownership.owner.get(`${typeName}.${fieldName}`) ?? CORE_SUBGRAPH;
}
