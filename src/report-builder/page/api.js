/**
 * The page's only way to the data: the hub's own GraphQL API and export routes, with the
 * caller's key. Permissions, region scope, masking, suppression and audit all happen there.
 */
import { t } from './i18n.js';

const KEY = 'caregraph.key';
const PURPOSE = 'caregraph.purpose';

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  get purpose() { return sessionStorage.getItem(PURPOSE) || ''; },
  login(key, purpose) {
    sessionStorage.setItem(KEY, key.trim());
    sessionStorage.setItem(PURPOSE, purpose);
  },
  logout() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(PURPOSE);
  },
};

/** An answer's errors (or a transport failure), kept whole so callers can explain them. */
export class ApiError extends Error {
  constructor(errors, status) {
    super(errors.map((e) => e.message).join('; '));
    this.errors = errors;
    this.status = status;
    this.code = errors[0]?.extensions?.code ?? (status >= 500 ? 'SERVER' : 'UNKNOWN');
  }
}

const sessionListeners = new Set();
/** Called when the server says the key is no longer valid (expired, revoked). */
export const onSessionInvalid = (fn) => sessionListeners.add(fn);

function headers(extra = {}) {
  const all = { ...extra };
  if (session.key) all.authorization = `Bearer ${session.key}`;
  if (session.purpose) all['x-purpose'] = session.purpose;
  return all;
}

async function send(url, init) {
  try {
    return await fetch(url, init);
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError([{ message: err.message, extensions: { code: 'NETWORK' } }], 0);
  }
}

/**
 * Runs one GraphQL operation. Returns `{ data, errors }`: partial answers are normal here (a
 * denied field is null with an error at its path). Throws ApiError when there is no data at all.
 */
export async function gql(query, variables = {}, { signal } = {}) {
  const res = await send('/graphql', { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify({ query, variables }), signal });
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError([{ message: `HTTP ${res.status}`, extensions: { code: res.status >= 500 ? 'SERVER' : 'UNKNOWN' } }], res.status);
  }
  const errors = body.errors ?? [];
  if (errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED') && session.key) for (const fn of sessionListeners) fn();
  if (body.data == null) throw new ApiError(errors.length ? errors : [{ message: `HTTP ${res.status}` }], res.status);
  return { data: body.data, errors };
}

/** Like gql, but any error is a failure (for mutations and single-purpose reads). */
export async function gqlStrict(query, variables, opts) {
  const { data, errors } = await gql(query, variables, opts);
  if (errors.length) throw new ApiError(errors, 200);
  return data;
}

/** Downloads a file from an export route with the caller's key; resolves once the browser has it. */
export async function download(url, { method = 'GET', body } = {}) {
  const res = await send(url, { method, headers: headers(body ? { 'content-type': 'application/json' } : {}), body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) {
    let errors = [{ message: `HTTP ${res.status}` }];
    try { errors = (await res.json()).errors ?? errors; } catch { /* not JSON */ }
    if (res.status === 401) for (const fn of sessionListeners) fn();
    throw new ApiError(errors, res.status);
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : 'report';
  const blobUrl = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = blobUrl;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
  return name;
}

/** Plain words for an error, by its `extensions.code`. */
export function describeError(err) {
  const errors = err instanceof ApiError ? err.errors : [{ message: String(err?.message ?? err) }];
  const first = errors[0] ?? {};
  const code = first.extensions?.code ?? (err instanceof ApiError ? err.code : 'UNKNOWN');
  const m = first.message ?? '';
  switch (code) {
    case 'UNAUTHENTICATED': return m ? `${t('errUnauthenticated')} (${m})` : t('errUnauthenticated');
    case 'UNAUTHORIZED_FIELD_OR_TYPE': return t('errUnauthorized', { p: errors.map((e) => e.message).join('; ') });
    case 'QUERY_TOO_COMPLEX': return t('errTooComplex', { m });
    case 'BAD_USER_INPUT': case 'GRAPHQL_VALIDATION_FAILED': return t('errBadInput', { m });
    case 'PURPOSE_REQUIRED': return t('errPurpose', { m });
    case 'NOT_FOUND': return t('errNotFound');
    case 'AUDIT_UNAVAILABLE': return t('errAudit');
    case 'NETWORK': return t('errNetwork', { m });
    default: return t('errOther', { m });
  }
}
