/**
 * `npx tsx bench/audit-chain.ts [commits] [rowsPerCommit] [--durable]`: the cost of chaining on
 * the audit trail's write path. Times group commits of the same rows two ways on one embedded
 * PostgreSQL (fsync off, so the write path's own cost shows, not the disk's; `--durable` as the
 * demo hub runs): the single INSERT the hub issued before chaining; `insertAuditRows` as the hub
 * runs it (HMAC-SM3 each row, then usually one statement appending after the head this pool last
 * wrote); and `insertAuditRows` forced onto the locked path every time (take a chain head under a
 * row lock, insert and move the head, commit: what every append cost before) — one writer after
 * another, then 8 writers at once. Figures: docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EntityManager } from '@mikro-orm/postgresql';
import { initOrm } from '../src/db/orm.js';
import { departments } from '../src/departments/registry.js';
import { insertAuditRows, type AuditRequest, type AuditRow } from '../src/auth/audit-log.js';
import { anonymousCaller } from '../src/auth/caller.js';
import { parseEnvKey } from '../src/audit-chain/audit-keyring.js';
import { withPgClient } from '../src/db/pg-client.js';
import { chainHeadsOf, placeRows } from '../src/audit-chain/chain-append.js';
import { migratedBenchDatabase } from './support/bench-database.js';

const [commitsArg, rowsArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const commits = Number(commitsArg ?? 2000);
const rowsPerCommit = Number(rowsArg ?? 6);
const durable = process.argv.includes('--durable');
const keyring = parseEnvKey(`bench:${randomBytes(32).toString('base64')}`);

/** One group commit's rows: a request disclosing `rowsPerCommit` persons, three fields each (a household page). */
function group(n: number): AuditRow[] {
  const request: AuditRequest = { requestId: `req-${n}`, caller: { ...anonymousCaller, id: 'caller:7', name: 'civil-affairs@all' }, purpose: 'CASE_MANAGEMENT', operationName: 'Household' };
  return Array.from({ length: rowsPerCommit }, (_, i) => ({ request, personId: String(n * 10 + i), householdId: null, fields: ['Person.idNumber', 'Person.name', 'Person.phone'] }));
}

/** The write without a chain, for comparison: one autocommitted INSERT of the rows, nothing locked or linked. */
async function unchainedInsert(em: EntityManager, rows: AuditRow[]): Promise<void> {
  await withPgClient(em, (client) =>
    client.query({
      name: 'bench_unchained',
      text: `insert into core.audit_event (request_id, caller_id, caller_name, purpose, operation_name, person_id, household_id, fields)
        select $1, $2, $3, $4, $5, p::bigint, null, string_to_array(f, ',') from unnest($6::text[], $7::text[]) as r(p, f)`,
      values: [rows[0]!.request.requestId, rows[0]!.request.caller.id, rows[0]!.request.caller.name, rows[0]!.request.purpose, rows[0]!.request.operationName, rows.map((r) => r.personId), rows.map((r) => r.fields.join(','))],
    }),
  );
}

/** Locked takes so far (the statement announces itself to knex's listeners like the hub's others). */
let takes = 0;

async function time(label: string, writers: number, write: (n: number) => Promise<void>): Promise<{ label: string; writers: number; perCommitMs: number; p50: number; p99: number; commitsPerSecond: number; lockedTakes: number }> {
  const takesBefore = takes;
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < commits) {
        const n = next++;
        const t = performance.now();
        await write(n);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const total = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number(latencies[Math.floor(q * (latencies.length - 1))]!.toFixed(3));
  return { label, writers, perCommitMs: Number((latencies.reduce((a, b) => a + b, 0) / latencies.length).toFixed(3)), p50: at(0.5), p99: at(0.99), commitsPerSecond: Math.round((commits / total) * 1000), lockedTakes: takes - takesBefore };
}

const db = await migratedBenchDatabase({ fast: !durable });
const orm = await initOrm({ url: db.url, departments, poolMax: 8 });
try {
  const em = orm.em;
  em.getConnection().getKnex().on('query', (q: { sql: string }) => void (q.sql.includes('audit_chain_take') && takes++));
  // Warm both statements and the pool's connections.
  for (let i = 0; i < 50; i++) {
    await unchainedInsert(em, group(-i));
    await insertAuditRows(em, group(-i), keyring);
  }
  const results = [];
  for (const writers of [1, 8]) {
    results.push(await time('unchained INSERT', writers, (n) => unchainedInsert(em, group(n))));
    results.push(await time('chained, locked path every time', writers, (n) => {
      chainHeadsOf(em).forget();
      return insertAuditRows(em, group(n), keyring);
    }));
    results.push(await time('chained (guarded append, HMAC-SM3)', writers, (n) => insertAuditRows(em, group(n), keyring)));
  }
  const hmac = performance.now();
  const rows = group(0);
  for (let i = 0; i < 10_000; i++) {
    placeRows(keyring, { chainId: '2026-12-07.0', seq: String(i), link: Buffer.alloc(32), at: '2026-12-07T08:00:00.000000Z' }, [
      { requestId: rows[0]!.request.requestId, callerId: 'caller:7', callerName: 'civil-affairs@all', purpose: 'CASE_MANAGEMENT', operationName: 'Household', personId: '1', householdId: null, fields: rows[0]!.fields },
    ]);
  }
  const hmacMicros = ((performance.now() - hmac) * 1000) / 10_000;
  console.log(`${commits} group commits of ${rowsPerCommit} rows each, fsync ${durable ? 'on' : 'off'}`);
  console.table(results);
  console.log(`HMAC-SM3 link of one row (canonical JSON + HMAC): ${hmacMicros.toFixed(1)} µs`);
} finally {
  await orm.close(true);
  await db.dispose();
}
