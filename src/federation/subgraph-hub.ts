import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DepartmentModule } from '../contract/department-module.js';
import { closingOrmOnFailure, initOrm } from '../db/orm.js';
import { createSubgraphApp } from './subgraph-app.js';
import type { SubgraphTrust } from './subgraph-trust.js';
import type { JwtConfig } from '../auth/jwt.js';

export interface SubgraphHub {
  app: FastifyInstance;
  orm: MikroORM;
  close(): Promise<void>;
}

/**
 * One subgraph's server on `url` (not yet listening). Migrations are not its business: the
 * database's owner applies them (`npm run start:federated` does, as `npm start` does).
 */
export async function createSubgraphHub(opts: {
  url: string;
  subgraph: string;
  departments: readonly DepartmentModule[];
  logger: Logger;
  secret: string;
  poolMax?: number;
  /** Trust mode and JWT settings (subgraph-app.ts; from the environment when not given). */
  trust?: SubgraphTrust;
  jwt?: JwtConfig | null;
}): Promise<SubgraphHub> {
  const orm = await initOrm({ url: opts.url, departments: [...opts.departments], poolMax: opts.poolMax, sessionSettings: { max_parallel_workers_per_gather: '0' } });
  const app = await closingOrmOnFailure(orm, () =>
    createSubgraphApp({ orm, departments: opts.departments, logger: opts.logger, subgraph: opts.subgraph, secret: opts.secret, trust: opts.trust, jwt: opts.jwt }),
  );
  return {
    app,
    orm,
    async close() {
      await app.close();
      await orm.close(true);
    },
  };
}
