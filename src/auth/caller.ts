import type { Purpose, QueryLimits } from './policy.js';
import { DEFAULT_LIMITS } from './policy.js';

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

/** No credentials: may touch `@public` fields only. */
export const anonymousCaller: Caller = Object.freeze({
  id: 'anonymous',
  name: 'anonymous',
  kind: 'anonymous',
  roles: [],
  scopes: new Set<string>(),
  purposes: new Set<Purpose>(),
  regionPrefix: null,
  limits: DEFAULT_LIMITS,
});
