import type { EntityManager } from '@mikro-orm/postgresql';
import { createCaller } from '../auth/api-keys.js';
import { CallerRecordEntity } from '../auth/caller-record.entity.js';

/** Name of the first admin caller, made when a hub starts on a database that has no callers at all. */
export const BOOTSTRAP_CALLER = 'bootstrap-admin';

/**
 * Whether this start should issue a bootstrap key: by default only for the embedded demo
 * database (a local try-out, where GraphiQL is useless without a key); on a database of one's
 * own only when CAREGRAPH_BOOTSTRAP_ADMIN=true asks for it, since the key lands in the log.
 */
export function wantsBootstrapKey(embedded: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const setting = env.CAREGRAPH_BOOTSTRAP_ADMIN;
  return setting === undefined || setting === '' ? embedded : setting === 'true';
}

/**
 * The admin key of a new hub: made once, when no caller exists yet (never again, even after it
 * is revoked), and returned for printing; null when callers exist.
 */
export async function issueBootstrapKey(em: EntityManager): Promise<string | null> {
  if ((await em.fork().count(CallerRecordEntity, {})) > 0) return null;
  const { key } = await createCaller(em, { name: BOOTSTRAP_CALLER, roles: ['admin'] });
  return key;
}

/** A household to show in the printed request: the README's 4407 in the demo county, else the first one with members. */
export async function sampleHouseholdId(em: EntityManager): Promise<string> {
  const [row] = await em.getConnection().execute<Array<{ id: string | null }>>(
    `select coalesce((select id::text from core.household where id = 4407), (select min(household_id)::text from core.person)) as id`,
  );
  return row?.id ?? '1';
}

/** What `npm start` prints with a bootstrap key: the key once, and a request to paste. */
export function bootstrapKeyBanner(key: string, baseUrl: string, householdId: string): string {
  const body = JSON.stringify({ query: `{ household(id: "${householdId}") { householdNumber members { name idNumber } } }` });
  return [
    '',
    `A first API key (caller "${BOOTSTRAP_CALLER}", role admin) — shown only now, keep it:`,
    '',
    `  ${key}`,
    '',
    'Try it:',
    '',
    `  curl -s ${baseUrl}/graphql -H 'content-type: application/json' \\`,
    `    -H 'authorization: Bearer ${key}' -H 'x-purpose: CASE_MANAGEMENT' \\`,
    `    -d '${body}'`,
    '',
    `GraphiQL: open ${baseUrl}/graphql and put the same two headers in its Headers tab:`,
    `  {"authorization": "Bearer ${key}", "x-purpose": "CASE_MANAGEMENT"}`,
    'More keys (the hub may keep running): npm run callers -- add --name NAME --role ROLE',
    '',
  ].join('\n');
}
