import pg from 'pg';

/**
 * Resets pg_stat_statements, or reads the statements since the last reset per request (calls,
 * planning and execution ms, buffers), the costliest first. The server must have been started
 * with `shared_preload_libraries=pg_stat_statements`; only one server is under load at a time,
 * so the statements are that server's.
 */
export async function statementStats(url: string, action: 'reset' | 'read', requests = 1, limit = 8): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create extension if not exists pg_stat_statements');
    if (action === 'reset') {
      await client.query('select pg_stat_statements_reset()');
      return [];
    }
    const { rows } = await client.query(
      `select calls, total_plan_time, total_exec_time, shared_blks_hit, shared_blks_read, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as q
         from pg_stat_statements where query not like '%pg_stat_statements%' order by total_exec_time + total_plan_time desc limit $1`,
      [limit],
    );
    return rows.map((r) => `${(r.calls / requests).toFixed(2)} calls/req  plan ${(r.total_plan_time / requests).toFixed(3)} ms/req  exec ${(r.total_exec_time / requests).toFixed(3)} ms/req  hit ${(Number(r.shared_blks_hit) / requests).toFixed(1)}/req  read ${(Number(r.shared_blks_read) / requests).toFixed(1)}/req  rows ${(Number(r.rows) / requests).toFixed(1)}  ${r.q}`);
  } finally {
    await client.end();
  }
}
