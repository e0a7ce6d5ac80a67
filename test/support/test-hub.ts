import pg from 'pg';
import pino from 'pino';
import type { DepartmentModule } from '../../src/contract/department-module.js';
import { departments as registered } from '../../src/departments/registry.js';
import { encryptedColumnsOf } from '../../src/crypto/encrypted-columns.js';
import { createHub, type Hub, type HubOptions } from '../../src/server/hub.js';
import { createCaller } from '../../src/auth/api-keys.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { encryptInPlace } from '../../src/crypto/encrypt-in-place.js';
import { fieldEncryption } from '../../src/crypto/field-encryption.js';

export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }> };
}

export interface TestHub {
  /** Base URL of the listening server, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  dbUrl: string;
  hub: Hub;
  /**
   * POSTs a GraphQL request over real HTTP, by default as an `admin` caller declaring
   * `X-Purpose: CASE_MANAGEMENT`. Pass `authorization: ''` to send no credentials at all.
   */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Headers for a caller with these roles (and region), created on first use: authorization + purpose. */
  as(roles: string | string[], opts?: { region?: string; purpose?: string | null }): Promise<Record<string, string>>;
  /** Runs `fn` and returns its result with the number of SQL statements the hub issued meanwhile. */
  countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
  /** A plain pg client on the same database, for fixtures and independent recounts. */
  sql<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export interface TestHubOptions extends Pick<HubOptions, 'jwt' | 'enforceAccess'> {
  departments?: DepartmentModule[];
  /** Loads data after migrations, through a plain pg client. */
  fixture?: (client: pg.Client) => Promise<void>;
}

/** Starts a real hub (own database, migrations, HTTP on a free port) for one test file. */
export async function startTestHub(opts: TestHubOptions = {}): Promise<TestHub> {
  const db: TestDatabase = await createTestDatabase();
  const hub = await createHub({
    url: db.url,
    departments: opts.departments ?? registered,
    logger: pino({ level: 'silent' }),
    jwt: opts.jwt ?? null,
    enforceAccess: opts.enforceAccess,
  });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  if (opts.fixture) {
    await opts.fixture(client);
    // Fixtures write persons in clear, as a database from before field encryption: the hub's
    // in-place conversion (run at start) seals them, as it would an upgraded database's.
    await encryptInPlace(client, fieldEncryption(), encryptedColumnsOf(opts.departments ?? registered));
  }
  const address = await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const knex = hub.orm.em.getConnection().getKnex();
  const keys = new Map<string, Promise<string>>();
  const keyFor = (roles: string[], region?: string) => {
    const name = `${roles.join('+')}@${region ?? 'all'}`;
    if (!keys.has(name)) keys.set(name, createCaller(hub.orm.em, { name, roles, region }).then((c) => c.key));
    return keys.get(name)!;
  };
  const as = async (roles: string | string[], o: { region?: string; purpose?: string | null } = {}) => {
    const key = await keyFor(Array.isArray(roles) ? roles : [roles], o.region);
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    headers['x-purpose'] = o.purpose === null ? '' : (o.purpose ?? 'CASE_MANAGEMENT');
    return headers;
  };

  return {
    baseUrl: address,
    dbUrl: db.url,
    hub,
    as,
    async query(query, variables, headers = {}) {
      const all: Record<string, string> = { 'content-type': 'application/json', ...(await as('admin')), ...headers };
      for (const [k, v] of Object.entries(all)) if (v === '') delete all[k];
      const res = await fetch(`${address}/graphql`, {
        method: 'POST',
        headers: all,
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GraphQLResponse['body'] };
    },
    async countStatements(fn) {
      const statements: string[] = [];
      const listener = (q: { sql: string }) => statements.push(q.sql);
      knex.on('query', listener);
      try {
        const result = await fn();
        return { result, statements };
      } finally {
        knex.off('query', listener);
      }
    },
    async sql(text, params) {
      return (await client.query(text, params)).rows;
    },
    async close() {
      await client.end();
      await hub.close();
      await db.drop();
    },
  };
}
