import pg from 'pg';

/**
 * Counts the SQL statements servers send, with `pg_stat_statements` (shipped with the embedded
 * PostgreSQL, loaded at server start): the harness resets it before a timed run and sums `calls`
 * after, so statements per request = statements / completed requests. It counts every statement a
 * client sends (BEGIN/COMMIT, SET and the audit INSERT included) and only top-level ones (a SQL
 * function's inner queries are part of its caller's one statement). Only one server is under load
 * at a time, so the count is that server's.
 */
export async function enableStatementCounting(url: string, restart: () => Promise<string>): Promise<string> {
  const loaded = async (u: string) => {
    const client = new pg.Client({ connectionString: u });
    await client.connect();
    try {
      const { rows } = await client.query<{ shared_preload_libraries: string }>('show shared_preload_libraries');
      if (!rows[0]!.shared_preload_libraries.includes('pg_stat_statements')) {
        await client.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
        return false;
      }
      await client.query('create extension if not exists pg_stat_statements');
      return true;
    } finally {
      await client.end();
    }
  };
  if (await loaded(url)) return url;
  const restarted = await restart();
  if (!(await loaded(restarted))) throw new Error('pg_stat_statements did not load after a restart');
  return restarted;
}

export class StatementCounter {
  constructor(private readonly client: pg.Client) {}

  async reset(): Promise<void> {
    await this.client.query('select pg_stat_statements_reset()');
  }

  /** Statements since the last reset, the harness's own reset/read excluded. */
  async count(): Promise<number> {
    const { rows } = await this.client.query<{ n: string }>(
      `select coalesce(sum(calls), 0) as n from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) and query not ilike '%pg_stat_statements%'`,
    );
    return Number(rows[0]!.n);
  }
}
