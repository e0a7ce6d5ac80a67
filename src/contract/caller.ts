/** Declared purposes of use (`X-Purpose`); which roles may declare which is policy (src/auth/policy.ts). */
export const PURPOSES = ['ELIGIBILITY_CHECK', 'CASE_MANAGEMENT', 'STATISTICS', 'AUDIT'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Query limits; a role may tighten or loosen the defaults (src/auth/policy.ts). */
export interface QueryLimits {
  /** Deepest field nesting. */
  maxDepth: number;
  /** Aliased fields in one operation. */
  maxAliases: number;
  /** Lexical tokens in the document. */
  maxTokens: number;
  /** Estimated resolved fields, multiplying by `first` (or a default list size) down each list. */
  maxCost: number;
}

/**
 * Who is asking, after authentication: the only shape the permission layer reads. Built from
 * an API key (partner systems) or a JWT (people), with scopes resolved from the policy.
 */
export interface Caller {
  id: string;
  name: string;
  kind: 'anonymous' | 'system' | 'person';
  roles: string[];
  scopes: ReadonlySet<string>;
  purposes: ReadonlySet<Purpose>;
  /** Division-code prefix the caller is confined to; null = everywhere. */
  regionPrefix: string | null;
  limits: QueryLimits;
}
