/**
 * Who is asking. Until authentication lands every request is the anonymous caller; the
 * permission layer reads only this shape, so it can be filled from API keys or JWTs later.
 */
export interface Caller {
  id: string;
  name: string;
  kind: 'anonymous' | 'system' | 'person';
  roles: string[];
  scopes: ReadonlySet<string>;
  /** Division-code prefix the caller is confined to; null = everywhere. */
  regionPrefix: string | null;
}

export const anonymousCaller: Caller = Object.freeze({
  id: 'anonymous',
  name: 'anonymous',
  kind: 'anonymous',
  roles: [],
  scopes: new Set<string>(),
  regionPrefix: null,
});
