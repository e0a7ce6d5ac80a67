import { isIntrospectionType, Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import { allFieldAccess } from './access-plan.js';

/**
 * Decides whether an operation touches only `@public` fields (and introspection), which is all
 * a request without credentials may do. Built once per schema.
 */
export function createPublicOperationCheck(schema: GraphQLSchema): (document: DocumentNode) => boolean {
  const publicCoordinates = new Set(allFieldAccess(schema).filter((a) => a.public).map((a) => a.coordinate));
  return (document) => {
    const typeInfo = new TypeInfo(schema);
    let onlyPublic = true;
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        [Kind.FIELD]: (node) => {
          const name = node.name.value;
          if (name.startsWith('__')) return false; // introspection: the schema is not personal data
          const parent = typeInfo.getParentType();
          // Fields of a fragment on __Type, __Field… (GraphiQL's introspection query is written
          // with fragments, visited apart from the `__schema` they are spread in).
          if (parent && isIntrospectionType(parent)) return false;
          if (!parent || !publicCoordinates.has(`${parent.name}.${name}`)) {
            onlyPublic = false;
            return false;
          }
          return undefined;
        },
      }),
    );
    return onlyPublic;
  };
}
