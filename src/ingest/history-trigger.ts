import type pg from 'pg';
import type { IntakeKind } from '../contract/intake-kind.js';

const attached = new Set<string>();

/**
 * Makes sure the kind's table keeps its history (core.keep_record_history, created by the intake
 * migration). Attached on first write rather than in each department's migration, so a department
 * gets history by declaring an intake kind only; `create or replace` makes it idempotent.
 */
export async function ensureHistoryTrigger(client: pg.ClientBase, kind: IntakeKind): Promise<void> {
  const table = `"${kind.dbSchema}"."${kind.table}"`;
  const c = client as pg.ClientBase & { host?: string; port?: number; database?: string };
  const key = `${c.host}:${c.port}/${c.database}/${table}`;
  if (attached.has(key)) return;
  await client.query(`create or replace trigger keep_record_history after update or delete on ${table} for each row execute function core.keep_record_history()`);
  attached.add(key);
}
