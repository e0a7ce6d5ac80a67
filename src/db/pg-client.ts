import type pg from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs `work` on a raw pg connection from the ORM's pool: for whole columns bound as Postgres
 * arrays (`unnest($1::text[], …)`, which pg does natively and knex's raw bindings would expand)
 * and for named prepared statements.
 */
export async function withPgClient<T>(em: EntityManager, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  const knexClient = em.getConnection().getKnex().client as {
    acquireConnection(): Promise<pg.ClientBase>;
    releaseConnection(connection: pg.ClientBase): Promise<void>;
  };
  const client = await knexClient.acquireConnection();
  try {
    return await work(client);
  } finally {
    await knexClient.releaseConnection(client);
  }
}

/** Runs `work` in one transaction; rolls back instead of committing when `dryRun`. */
export async function inTransaction<T>(client: pg.ClientBase, dryRun: boolean, work: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await work();
    await client.query(dryRun ? 'rollback' : 'commit');
    return result;
  } catch (err) {
    // The original error is the one worth reporting; a failed rollback only means the connection is gone.
    await client.query('rollback').catch(() => {});
    throw err;
  }
}
