import { isInputObjectType, type GraphQLSchema } from 'graphql';
import { allFieldAccess } from './access-plan.js';
import { requiredScopes } from './directives.js';
import { describe } from './scopes.js';
import { EXACT_COUNTS_SCOPE } from './policy.js';

/**
 * One line per field coordinate saying who may read it and how it is masked, plus one per
 * guarded filter field: the whole permission surface as reviewable text.
 */
export function permissionReport(schema: GraphQLSchema): string[] {
  const lines = allFieldAccess(schema).map((a) => {
    const parts = [a.public ? 'PUBLIC' : a.effective ? describe(a.effective) : 'as its parent field'];
    if (a.needed) parts.push('checked here');
    if (a.sensitive) parts.push(`mask ${a.sensitive.mask} unless ${describe(a.sensitive.unless)}`);
    if (a.disclosure) parts.push(`counts protected unless ${EXACT_COUNTS_SCOPE}`);
    return `${a.coordinate}: ${parts.join(' | ')}`;
  });
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isInputObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const req = requiredScopes(schema, field);
      if (req) lines.push(`input ${type.name}.${field.name}: ${describe(req)}`);
    }
  }
  return lines;
}
