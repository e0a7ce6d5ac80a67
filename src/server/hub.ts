import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DepartmentModule } from '../contract/department-module.js';
import { closingOrmOnFailure, initOrm, migrate } from '../db/orm.js';
import { parallelWorkersFromEnv } from '../db/parallel-workers.js';
import { createApp, type AppOptions } from './app.js';

export interface Hub {
  app: FastifyInstance;
  orm: MikroORM;
  close(): Promise<void>;
}

/**
 * Connects to PostgreSQL, applies pending migrations and builds the HTTP app (not yet listening).
 * Shared by `npm start`, the tests and the benchmarks so all three run the same hub.
 */
export interface HubOptions extends Pick<AppOptions, 'jwt' | 'enforceAccess'> {
  url: string;
  departments: readonly DepartmentModule[];
  logger: Logger;
  poolMax?: number;
}

/**
 * Idle pooled connections are kept 10 minutes, not knex's 30 s: a connection carries the hub's
 * named prepared statements and their cached generic plans, and a fresh one plans every statement
 * anew for its first five runs (PostgreSQL's custom-plan phase) — a cost paid again after every
 * quiet half minute (measured in docs/benchmarks.md).
 */
const POOL_IDLE_TIMEOUT_MS = 10 * 60_000;

export async function createHub(opts: HubOptions): Promise<Hub> {
  // Request statements run serial unless CAREGRAPH_PARALLEL_WORKERS says otherwise (see parallel-workers.ts).
  const parallelWorkers = parallelWorkersFromEnv('CAREGRAPH_PARALLEL_WORKERS');
  const unreachable = (err: unknown) => new Error(`Cannot reach PostgreSQL at ${redact(opts.url)}: ${(err as Error).message}`);
  const orm = await initOrm({
    url: opts.url,
    departments: [...opts.departments],
    poolMax: opts.poolMax,
    idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS,
    sessionSettings: { max_parallel_workers_per_gather: String(parallelWorkers) },
  }).catch((err) => {
    throw unreachable(err);
  });
  const app = await closingOrmOnFailure(orm, async () => {
    await orm.em
      .getConnection()
      .execute('select 1')
      .catch((err) => {
        throw unreachable(err);
      });
    const applied = await migrate(orm);
    if (applied.length) opts.logger.info({ migrations: applied }, 'applied migrations');
    return createApp({ orm, departments: opts.departments, logger: opts.logger, jwt: opts.jwt, enforceAccess: opts.enforceAccess });
  });
  return {
    app,
    orm,
    async close() {
      await app.close();
      await orm.close(true);
    },
  };
}

/** Connection URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
