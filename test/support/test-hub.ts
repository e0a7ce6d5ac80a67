import pg from 'pg';
import pino from 'pino';
import type { DepartmentModule } from '../../src/departments/department-module.js';
import { departments as registered } from '../../src/departments/registry.js';
import { createHub, type Hub } from '../../src/server/hub.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }> };
}

export interface TestHub {
  /** Base URL of the listening server, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  dbUrl: string;
  hub: Hub;
  /** POSTs a GraphQL request over real HTTP. */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Runs `fn` and returns its result with the number of SQL statements the hub issued meanwhile. */
  countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
  /** A plain pg client on the same database, for fixtures and independent recounts. */
  sql<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export interface TestHubOptions {
  departments?: DepartmentModule[];
  /** Loads data after migrations, through a plain pg client. */
  fixture?: (client: pg.Client) => Promise<void>;
}

/** Starts a real hub (own database, migrations, HTTP on a free port) for one test file. */
export async function startTestHub(opts: TestHubOptions = {}): Promise<TestHub> {
  const db: TestDatabase = await createTestDatabase();
  const hub = await createHub({ url: db.url, departments: opts.departments ?? registered, logger: pino({ level: 'silent' }) });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  if (opts.fixture) await opts.fixture(client);
  const address = await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const knex = hub.orm.em.getConnection().getKnex();

  return {
    baseUrl: address,
    dbUrl: db.url,
    hub,
    async query(query, variables, headers = {}) {
      const res = await fetch(`${address}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
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
