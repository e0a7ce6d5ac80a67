import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../contract/caller.js';
import { CallerRecordEntity, type CallerRecord } from './caller-record.entity.js';
import { CredentialError } from './credential-error.js';
import { grantsFor, regionProblem, roleDefinition, UnknownRoleError } from './grants.js';

/**
 * API keys look like `cg_1a2b3c4d_<43 base64url characters>`: a public 8-hex-digit prefix that
 * finds the row through a unique index, and a 256-bit secret of which only the SHA-256 is stored.
 * A plain hash is enough (no bcrypt/scrypt): the secret is random, not a guessable password.
 */
const API_KEY = /^cg_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

/** A caller as shown to operators: everything but the key hash. */
export type CallerSummary = Omit<CallerRecord, 'keyHash'>;

/** Bad input to the caller commands (duplicate name, missing region, unknown caller, …). */
export class CallerInputError extends Error {
  override readonly name = 'CallerInputError';
}

export interface ParsedApiKey {
  prefix: string;
  secret: string;
}

/** Generates a fresh API key; the caller of this function must store only prefix and hash. */
export function generateApiKey(): { key: string; prefix: string; secret: string } {
  const prefix = randomBytes(4).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `cg_${prefix}_${secret}`, prefix, secret };
}

/** Splits a presented key into prefix and secret; null when it is not shaped like a CareGraph key. */
export function parseApiKey(key: string): ParsedApiKey | null {
  const match = API_KEY.exec(key);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

/** SHA-256 of the secret part of a key, as 64 lowercase hex characters (what `key_hash` holds). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Registers a partner system and issues its API key. Roles must exist in the policy and the
 * region must satisfy their rules. Works on its own fork of `em`.
 * @returns the stored caller (without hash) and the key, which cannot be recovered later.
 * @throws UnknownRoleError for a role the policy does not define; CallerInputError otherwise.
 */
export async function createCaller(
  em: EntityManager,
  input: { name: string; roles: readonly string[]; region?: string | null },
): Promise<{ caller: CallerSummary; key: string }> {
  const name = input.name.trim();
  if (!name) throw new CallerInputError('a caller needs a name');
  if (name.length > 100) throw new CallerInputError('a caller name has at most 100 characters');
  const roles = [...new Set(input.roles.map((r) => r.trim()))];
  if (roles.length === 0) throw new CallerInputError('a caller needs at least one role');
  roles.forEach((role) => roleDefinition(role));
  const region = input.region?.trim() || null;
  const problem = regionProblem(roles, region);
  if (problem) throw new CallerInputError(problem);

  if (await em.fork().findOne(CallerRecordEntity, { name })) throw new CallerInputError(`a caller named "${name}" already exists`);

  // A 32-bit prefix can collide with an existing one; the unique index tells us, so draw again.
  for (let attempt = 1; ; attempt++) {
    const work = em.fork();
    const { key, prefix, secret } = generateApiKey();
    const record = work.create(CallerRecordEntity, {
      name,
      kind: 'system',
      roles,
      regionPrefix: region,
      keyPrefix: prefix,
      keyHash: hashSecret(secret),
      createdAt: new Date(),
      revokedAt: null,
      lastUsedAt: null,
    });
    try {
      await work.flush();
      return { caller: summarize(record), key };
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      if (err.message.includes('caller_name_unique')) throw new CallerInputError(`a caller named "${name}" already exists`);
      if (attempt >= 5) throw err;
    }
  }
}

/** Every registered caller, oldest first, without key hashes. */
export async function listCallers(em: EntityManager): Promise<CallerSummary[]> {
  const records = await em.fork().find(CallerRecordEntity, {}, { orderBy: { id: 'asc' } });
  return records.map(summarize);
}

/**
 * Revokes a caller's key, found by numeric id or else by name. Revoking twice keeps the first
 * revocation time.
 * @throws CallerInputError when no caller matches.
 */
export async function revokeCaller(em: EntityManager, idOrName: string): Promise<{ caller: CallerSummary; alreadyRevoked: boolean }> {
  const work = em.fork();
  const candidates = await work.find(
    CallerRecordEntity,
    /^\d{1,18}$/.test(idOrName) ? { $or: [{ id: idOrName }, { name: idOrName }] } : { name: idOrName },
  );
  // An all-digit argument means the id first; a caller literally named "12" is the fallback.
  const record = candidates.find((c) => c.id === idOrName) ?? candidates.find((c) => c.name === idOrName);
  if (!record) throw new CallerInputError(`no caller with id or name "${idOrName}"`);
  const alreadyRevoked = record.revokedAt != null;
  if (!alreadyRevoked) {
    record.revokedAt = new Date();
    await work.flush();
  }
  return { caller: summarize(record), alreadyRevoked };
}

interface KeyLookupRow {
  /** The driver may hand bigint columns back as strings or BigInts; both print the same. */
  id: string | bigint;
  name: string;
  roles: string[];
  region_prefix: string | null;
  key_hash: string;
}

/**
 * Resolves an API key to its caller with one indexed SQL statement. Does not record
 * `last_used_at`: that would turn every read into a write.
 * @returns the caller, or null when the key is malformed, unknown, wrong or revoked.
 * @throws CredentialError when the key is valid but its roles left the policy since it was issued.
 */
export async function callerFromApiKey(em: EntityManager, key: string): Promise<Caller | null> {
  const parsed = parseApiKey(key);
  if (!parsed) return null;
  const rows = await em
    .getConnection()
    .execute<KeyLookupRow[]>(
      'select "id", "name", "roles", "region_prefix", "key_hash" from "core"."caller" where "key_prefix" = ? and "revoked_at" is null',
      [parsed.prefix],
    );
  const row = rows[0];
  if (!row) return null;
  const presented = Buffer.from(hashSecret(parsed.secret), 'hex');
  const stored = Buffer.from(row.key_hash, 'hex');
  if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return null;

  let grants;
  try {
    grants = grantsFor(row.roles);
  } catch (err) {
    if (err instanceof UnknownRoleError) {
      throw new CredentialError('unknown-role', `API key of caller "${row.name}" carries a role the policy no longer defines; issue a new key`);
    }
    throw err;
  }
  return {
    id: `caller:${row.id}`,
    name: row.name,
    kind: 'system',
    roles: [...row.roles],
    scopes: grants.scopes,
    purposes: grants.purposes,
    limits: grants.limits,
    regionPrefix: row.region_prefix,
  };
}

/** Copies the displayable fields into a plain object, so no hash can leak through the entity. */
function summarize(r: CallerRecord): CallerSummary {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    roles: [...r.roles],
    regionPrefix: r.regionPrefix,
    keyPrefix: r.keyPrefix,
    createdAt: r.createdAt,
    revokedAt: r.revokedAt,
    lastUsedAt: r.lastUsedAt,
  };
}
