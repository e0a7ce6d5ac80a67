/**
 * THE access policy of CareGraph: roles → scopes, allowed purposes of use, region rules and
 * query limits. Reviewed like code: a change here is a change in who may see what.
 *
 * Scopes are the vocabulary SDL directives speak (`@requiresScopes(scopes: [["health:read"]])`):
 * - `person:read`      basic person fields (masked where `@sensitive`), household membership
 * - `person:identify`  unmasked ID number and name
 * - `person:contact`   unmasked phone, address and exact birth date
 * - `household:read`   household fields (number, status, members list, region)
 * - `<department>:read`   that department's records
 * - `health:clinical`  diagnoses and health-check findings (on top of `health:read`)
 * - `<department>:write`  writing that department's records (intake)
 * - `reports:read`, `reports:exact`, `warnings:read`, `warnings:manage`, `audit:read`, `admin`
 */

import { PURPOSES, type Purpose, type QueryLimits } from '../contract/caller.js';

/**
 * The scope that sees exact counts. Every count, sum and rate of a field marked
 * `@disclosureControl` (reports, list totals) is perturbed for callers without it
 * (src/disclosure/disclose.ts, docs/reports.md).
 */
export const EXACT_COUNTS_SCOPE = 'reports:exact';

/** Query limits of a role that sets none (`RoleDefinition.limits` tightens or loosens them). */
export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxTokens: 5000, maxCost: 50_000 };

export interface RoleDefinition {
  description: string;
  scopes: string[];
  purposes: Purpose[];
  /**
   * Region scope rule: `required` = every caller with this role must carry a division-code
   * prefix of at least `minDigits` digits (e.g. a township is 9); `optional` = may carry one.
   */
  region: { rule: 'optional' } | { rule: 'required'; minDigits: number };
  limits?: Partial<QueryLimits>;
}

const personBasics = ['person:read', 'household:read'];

/**
 * Roles that read persons by name (`person:identify`) get exact counts (`reports:exact`): a total
 * of a list they may read name by name discloses nothing more. Disclosure control protects the
 * counts of roles that see people masked or only in aggregate (the leading-group office).
 */
const caseWork = ['person:identify', 'person:contact', 'reports:exact'];

/** A department partner system: its own records in full, the person basics it needs, writes its own. */
function departmentPartner(department: string, description: string, extra: string[] = []): RoleDefinition {
  return {
    description,
    scopes: [...personBasics, ...caseWork, `${department}:read`, `${department}:write`, ...extra],
    purposes: ['ELIGIBILITY_CHECK', 'CASE_MANAGEMENT'],
    region: { rule: 'optional' },
  };
}

export const ROLES: Record<string, RoleDefinition> = {
  'civil-affairs': departmentPartner('civil-affairs', 'Civil affairs bureau system (民政局)'),
  disability: departmentPartner('disability', "Disabled persons' federation system (残联)"),
  education: departmentPartner('education', 'Education bureau system (教育局)'),
  'womens-federation': departmentPartner('womens-federation', "Women's federation system (妇联)"),
  health: departmentPartner('health', 'Health commission system (卫健委)', ['health:clinical']),
  hrss: departmentPartner('hrss', 'Human resources & social security system (人社局): public-welfare mutual-aid posts'),
  'leading-group-office': {
    description: 'Poverty-alleviation leading-group office (领导小组办公室): reports and warnings across departments, masked personal data, no clinical health data',
    scopes: [...personBasics, 'civil-affairs:read', 'disability:read', 'education:read', 'womens-federation:read', 'health:read', 'hrss:read', 'reports:read', 'warnings:read'],
    purposes: ['STATISTICS', 'CASE_MANAGEMENT'],
    region: { rule: 'optional' },
    limits: { maxCost: 200_000 },
  },
  'township-official': {
    description: 'Township official (乡镇干部): case work in one township, all departments except clinical data',
    scopes: [...personBasics, ...caseWork, 'civil-affairs:read', 'disability:read', 'education:read', 'womens-federation:read', 'health:read', 'hrss:read', 'warnings:read', 'warnings:manage'],
    purposes: ['CASE_MANAGEMENT', 'ELIGIBILITY_CHECK'],
    region: { rule: 'required', minDigits: 9 },
  },
  auditor: {
    description: 'Auditor (审计): the audit log only',
    scopes: ['audit:read'],
    purposes: ['AUDIT'],
    region: { rule: 'optional' },
  },
  admin: {
    description: 'Administrator: everything, including rule parameters and caller management',
    scopes: [
      ...personBasics, 'person:identify', 'person:contact',
      'civil-affairs:read', 'disability:read', 'education:read', 'womens-federation:read', 'health:read', 'health:clinical',
      'civil-affairs:write', 'disability:write', 'education:write', 'womens-federation:write', 'health:write',
      'hrss:read', 'hrss:write',
      'reports:read', 'reports:exact', 'warnings:read', 'warnings:manage', 'audit:read', 'admin',
    ],
    purposes: [...PURPOSES],
    region: { rule: 'optional' },
    limits: { maxCost: 500_000 },
  },
};
