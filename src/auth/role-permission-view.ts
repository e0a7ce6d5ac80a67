import { isInputObjectType, type GraphQLSchema } from 'graphql';
import { allFieldAccess, type FieldAccess } from './access-plan.js';
import { requiredScopes } from './directives.js';
import type { Grants } from './grants.js';
import { EXACT_COUNTS_SCOPE } from './policy.js';
import { satisfies } from './scopes.js';

/**
 * What one field is to a holder of `grants`, as the access transform (enforce-access.ts) and
 * disclosure control would treat it: `denied`, `masked <kind>`, `clear`, or `clear with purpose`
 * (a `@sensitive` value revealed only under a declared purpose the roles allow; a role allowed no
 * purpose is refused, so it reads `denied (no purpose)`). Counts under `@disclosureControl` add
 * `counts exact` or `counts protected`.
 */
function outcome(access: FieldAccess, grants: Grants): string {
  if (!access.public && !satisfies(grants.scopes, access.effective)) return 'denied';
  const parts: string[] = [];
  if (!access.sensitive || access.public) parts.push('clear');
  else if (!satisfies(grants.scopes, access.sensitive.unless)) parts.push(`masked ${access.sensitive.mask}`);
  else parts.push(grants.purposes.size > 0 ? 'clear with purpose' : 'denied (no purpose)');
  if (access.disclosure) parts.push(grants.scopes.has(EXACT_COUNTS_SCOPE) ? 'counts exact' : 'counts protected');
  return parts.join(', ');
}

/**
 * One role's view of the permission surface, as reviewable lines: per type, `Type.*: outcome`
 * for what most of its fields come out as, then `Type.field: outcome` for each field that comes
 * out otherwise; then the guarded filter fields. Fields declaring nothing of their own (`as its
 * parent field` in the full report) follow their parent and are left out.
 */
export function rolePermissionView(schema: GraphQLSchema, grants: Grants): string[] {
  const byType = new Map<string, Array<[string, string]>>();
  for (const access of allFieldAccess(schema)) {
    if (!access.public && access.effective == null) continue;
    const [type, field] = access.coordinate.split('.') as [string, string];
    byType.set(type, [...(byType.get(type) ?? []), [field, outcome(access, grants)]]);
  }
  const lines: string[] = [];
  for (const [type, fields] of byType) {
    const counts = new Map<string, number>();
    for (const [, o] of fields) counts.set(o, (counts.get(o) ?? 0) + 1);
    const usual = [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]![0];
    lines.push(`${type}.*: ${usual}`);
    for (const [field, o] of fields) if (o !== usual) lines.push(`${type}.${field}: ${o}`);
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isInputObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const req = requiredScopes(schema, field);
      if (req) lines.push(`input ${type.name}.${field.name}: ${satisfies(grants.scopes, req) ? 'allowed' : 'denied'}`);
    }
  }
  return lines;
}
