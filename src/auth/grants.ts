import { DEFAULT_LIMITS, ROLES, type RoleDefinition } from './policy.js';
import type { Purpose, QueryLimits } from '../contract/caller.js';

/** What a set of roles adds up to: the union of scopes and purposes, the loosest limits. */
export interface Grants {
  scopes: ReadonlySet<string>;
  purposes: ReadonlySet<Purpose>;
  limits: QueryLimits;
}

export class UnknownRoleError extends Error {}

export function roleDefinition(role: string, roles: Record<string, RoleDefinition> = ROLES): RoleDefinition {
  const def = roles[role];
  if (!def) throw new UnknownRoleError(`Unknown role "${role}"; known roles: ${Object.keys(roles).join(', ')}`);
  return def;
}

export function grantsFor(roleNames: readonly string[], roles: Record<string, RoleDefinition> = ROLES): Grants {
  const scopes = new Set<string>();
  const purposes = new Set<Purpose>();
  let limits: QueryLimits | null = null;
  for (const name of roleNames) {
    const def = roleDefinition(name, roles);
    def.scopes.forEach((s) => scopes.add(s));
    def.purposes.forEach((p) => purposes.add(p));
    const own = { ...DEFAULT_LIMITS, ...def.limits };
    limits = limits
      ? {
          maxDepth: Math.max(limits.maxDepth, own.maxDepth),
          maxAliases: Math.max(limits.maxAliases, own.maxAliases),
          maxTokens: Math.max(limits.maxTokens, own.maxTokens),
          maxCost: Math.max(limits.maxCost, own.maxCost),
        }
      : own;
  }
  return { scopes, purposes, limits: limits ?? DEFAULT_LIMITS };
}

/**
 * Checks a caller's region against its roles' rules.
 * @returns an error message, or null when the region is acceptable.
 */
export function regionProblem(roleNames: readonly string[], region: string | null, roles: Record<string, RoleDefinition> = ROLES): string | null {
  if (region != null && !/^\d{2,12}$/.test(region)) return `region "${region}" must be a division-code prefix of 2 to 12 digits`;
  for (const name of roleNames) {
    const rule = roleDefinition(name, roles).region;
    if (rule.rule === 'required' && (region == null || region.length < rule.minDigits)) {
      return `role "${name}" needs a region of at least ${rule.minDigits} digits`;
    }
  }
  return null;
}
