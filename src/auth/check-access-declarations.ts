import {
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { DepartmentModule } from '../contract/department-module.js';
import { fieldAccess } from './access-plan.js';
import { isPublic, requiredScopes } from './directives.js';

const COMBINATORS = new Set(['and', 'or', 'not']);

function declaredTypeNames(typeDefs: DocumentNode | string): string[] {
  const doc = typeof typeDefs === 'string' ? parse(typeDefs) : typeDefs;
  return doc.definitions
    .filter((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.INTERFACE_TYPE_DEFINITION)
    .map((d) => (d as { name: { value: string } }).name.value);
}

/**
 * Deny by default, checked at boot: lists every place where the schema fails to say who may
 * read it. The server refuses to start while this list is not empty.
 */
export function accessDeclarationProblems(schema: GraphQLSchema, departments: readonly DepartmentModule[]): string[] {
  const problems: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const access = fieldAccess(schema, root, field);
      if (!access.declared && !access.public) problems.push(`${access.coordinate} declares no access: add @requiresScopes or @public`);
    }
  }
  for (const department of departments) {
    for (const name of declaredTypeNames(department.typeDefs)) {
      const type = schema.getType(name);
      if (type && (isObjectType(type) || isInterfaceType(type)) && !requiredScopes(schema, type) && !isPublic(schema, type)) {
        problems.push(`${name} (department ${department.code}) declares no access: add @requiresScopes to the type`);
      }
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        const access = fieldAccess(schema, type, field);
        if ((access.needed || access.sensitive) && isNonNullType(field.type)) {
          problems.push(`${access.coordinate} is protected, so it must be nullable (a denied field resolves to null)`);
        }
      }
    }
    // Department filter inputs are guarded where they join PersonFilter.
    if (isInputObjectType(type) && type.name === 'PersonFilter') {
      for (const field of Object.values(type.getFields())) {
        if (COMBINATORS.has(field.name)) continue;
        if (!requiredScopes(schema, field)) problems.push(`${type.name}.${field.name} declares no access: add @requiresScopes to the filter field`);
      }
    }
  }
  return problems;
}

export function assertAccessDeclared(schema: GraphQLSchema, departments: readonly DepartmentModule[]): void {
  const problems = accessDeclarationProblems(schema, departments);
  if (problems.length) throw new Error(`The schema does not declare access everywhere:\n  - ${problems.join('\n  - ')}`);
}
