import type { Caller, Purpose } from '../contract/caller.js';
import { DEFAULT_LIMITS } from './policy.js';

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
