import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';
import { initOrm } from '../../src/db/orm.js';
import { groupCommitAuditWrites } from '../../src/auth/audit-group-commit.js';
import { anonymousCaller } from '../../src/auth/caller.js';
import { parseEnvKey, requireKeyring } from '../../src/audit-chain/audit-keyring.js';
import { verifyChains } from '../../src/audit-chain/verify-chains.js';
import { readHeads } from '../../src/audit-chain/chain-rows.js';
import { keptHeadsOf } from '../../src/audit-chain/kept-heads.js';
import { atText, chainHeadsOf } from '../../src/audit-chain/chain-append.js';
import { insertAuditRows, type AuditRow } from '../../src/auth/audit-log.js';

/**
 * The audit trail is tamper-evident: rows written by real requests verify, and every kind of
 * change someone with SQL access can make — editing, deleting, inserting, reordering rows,
 * moving heads — is found and named (row, chain, code). Real PostgreSQL, real HTTP.
 */
let hub: TestHub;
const keyring = requireKeyring();
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
});
afterAll(async () => {
  await hub?.close();
});
beforeEach(async () => {
  await hub.sql(`truncate core.audit_event; delete from core.audit_chain_head where chain_id <> 'legacy'`);
});

const verify = (opts: Parameters<typeof verifyChains>[2] = {}, ring = keyring) => verifyChains(hub.hub.orm.em, ring, opts);
const chained = () =>
  hub.sql<{ id: string; chain_id: string; chain_seq: string; person_id: string | null }>(
    `select id::text, chain_id, chain_seq::text, person_id::text from core.audit_event order by chain_id, chain_seq`,
  );

/** Six requests, one after the other: one chain, positions 1…n (n rows: persons 1–3 each twice). */
async function sixRequests() {
  const headers = await hub.as('civil-affairs');
  for (const id of [1, 2, 3, 1, 2, 3]) {
    const res = await hub.query(`query Look${id} { person(id: "${id}") { idNumber name } }`, {}, headers);
    expect(res.body.errors).toBeUndefined();
  }
  const rows = await chained();
  expect(rows).toHaveLength(6);
  expect(new Set(rows.map((r) => r.chain_id)).size).toBe(1);
  return rows;
}

it('rows written by real requests carry their chain, position, key and link, and verify intact', async () => {
  const rows = await sixRequests();
  const today = new Date().toISOString().slice(0, 10);
  expect(rows.map((r) => r.chain_seq)).toEqual(['1', '2', '3', '4', '5', '6']);
  expect(rows[0]!.chain_id).toMatch(new RegExp(`^${today}\\.[0-7]$`));
  const [link] = await hub.sql(`select chain_key, length(chain_link) as bytes from core.audit_event limit 1`);
  expect(link).toEqual({ chain_key: keyring.current.id, bytes: 32 });
  const report = await verify();
  expect(report.findings).toEqual([]);
  expect(report.keyWrong).toBe(false);
  expect(report.rows).toBe(6);
  // The head in the database is the chain's last row.
  const [head] = await hub.sql(`select h.seq::text, h.last_id::text, h.link = e.chain_link as same from core.audit_chain_head h join core.audit_event e on e.id = h.last_id where h.chain_id = $1`, [rows[0]!.chain_id]);
  expect(head).toEqual({ seq: '6', last_id: rows[5]!.id, same: true });
});

it('(a) an edited row is named, and the chain goes on from its link', async () => {
  const rows = await sixRequests();
  await hub.sql(`update core.audit_event set fields = array['Person.name'] where id = $1`, [rows[2]!.id]);
  const { findings } = await verify();
  expect(findings).toEqual([expect.objectContaining({ code: 'AUDIT_ROW_EDITED', chainId: rows[0]!.chain_id, rowId: rows[2]!.id, seq: '3', continues: true })]);
  expect(findings[0]!.lastIntact).toMatchObject({ id: rows[1]!.id, seq: '2' });
});

it('(b) a deleted row is named by the gap it leaves before the next row', async () => {
  const rows = await sixRequests();
  await hub.sql(`delete from core.audit_event where id = $1`, [rows[3]!.id]);
  const { findings } = await verify();
  expect(findings).toEqual([expect.objectContaining({ code: 'AUDIT_ROW_DELETED', chainId: rows[0]!.chain_id, rowId: rows[4]!.id, seq: '5' })]);
  expect(findings[0]!.message).toContain('position 4 missing');
});

it('the last row deleted, or the head moved back with it, is found against the head (in the database, then kept outside)', async () => {
  const rows = await sixRequests();
  const kept = keptHeadsOf(await readHeads(hub.hub.orm.em, null));
  await hub.sql(`delete from core.audit_event where id = $1`, [rows[5]!.id]);
  expect((await verify()).findings).toEqual([expect.objectContaining({ code: 'AUDIT_CHAIN_TRUNCATED', chainId: rows[0]!.chain_id })]);
  // A careful operator moves the head back too: the chain looks whole, except against the kept head.
  await hub.sql(`update core.audit_chain_head h set seq = 5, link = e.chain_link, last_id = e.id from core.audit_event e where e.id = $1 and h.chain_id = e.chain_id`, [rows[4]!.id]);
  expect((await verify()).findings).toEqual([]);
  const { findings } = await verify({ kept });
  expect(findings).toEqual([expect.objectContaining({ code: 'AUDIT_CHAIN_TRUNCATED', chainId: rows[0]!.chain_id, seq: '6' })]);
});

it('(c) a forged row is named: beside an intact row, past the head, or with no chain at all', async () => {
  const rows = await sixRequests();
  const forge = (chainSeq: string | null, chainId: string | null) =>
    hub.sql<{ id: string }>(
      `insert into core.audit_event (at, request_id, caller_id, caller_name, purpose, person_id, fields, chain_id, chain_seq, chain_key, chain_link)
       select at, request_id, caller_id, caller_name, purpose, 4, fields, $2, $1::bigint, chain_key, $3 from core.audit_event where id = $4 returning id::text`,
      [chainSeq, chainId, randomBytes(32), rows[1]!.id],
    );
  const chain = rows[0]!.chain_id;
  const [beside] = await forge('2', chain);
  expect((await verify()).findings).toEqual([expect.objectContaining({ code: 'AUDIT_ROW_INSERTED', chainId: chain, rowId: beside!.id, seq: '2' })]);
  await hub.sql(`delete from core.audit_event where id = $1`, [beside!.id]);

  const [past] = await forge('7', chain);
  expect((await verify()).findings).toEqual([expect.objectContaining({ code: 'AUDIT_ROW_INSERTED', chainId: chain, rowId: past!.id, seq: '7' })]);
  await hub.sql(`delete from core.audit_event where id = $1`, [past!.id]);

  const [loose] = await forge(null, null);
  expect((await verify()).findings).toEqual([expect.objectContaining({ code: 'AUDIT_ROW_UNCHAINED', rowId: loose!.id })]);
  await hub.sql(`delete from core.audit_event where id = $1`, [loose!.id]);

  // A forged chain of its own has no head.
  await forge('1', '2026-01-01.0');
  expect((await verify()).findings).toEqual([expect.objectContaining({ code: 'AUDIT_ROW_EDITED', chainId: '2026-01-01.0', seq: '1' })]);
});

it('(d) a changed time or a reordering is named at the first row it touches', async () => {
  const rows = await sixRequests();
  await hub.sql(`update core.audit_event set at = at - interval '1 hour' where id = $1`, [rows[4]!.id]);
  expect((await verify()).findings).toEqual([expect.objectContaining({ code: 'AUDIT_ROW_EDITED', rowId: rows[4]!.id, seq: '5' })]);
  await hub.sql(`update core.audit_event set at = at + interval '1 hour' where id = $1`, [rows[4]!.id]);
  expect((await verify()).findings).toEqual([]);
  // Swapping two rows' positions.
  await hub.sql(`update core.audit_event set chain_seq = case id when $1::bigint then 3 else 2 end where id in ($1::bigint, $2::bigint)`, [rows[1]!.id, rows[2]!.id]);
  expect((await verify()).findings).toEqual([expect.objectContaining({ code: 'AUDIT_ROW_EDITED', rowId: rows[2]!.id, seq: '2' })]);
});

it('a key the chains were not written with breaks every chain at its first row: AUDIT_KEY_WRONG', async () => {
  await sixRequests();
  await Promise.all([5, 6, 7, 8, 9].map(async (id) => hub.query(`{ person(id: "${id}") { idNumber } }`, {}, await hub.as('civil-affairs'))));
  const wrong = parseEnvKey(`${keyring.current.id}:${randomBytes(32).toString('base64')}`);
  const report = await verify({}, wrong);
  expect(report.keyWrong).toBe(true);
  // Today's chains without rows (heads made for stripes no writer needed) have nothing to break.
  const written = report.chains.filter((c) => c.rows > 0);
  expect(written.length).toBeGreaterThan(0);
  for (const chain of written) expect(chain.finding).toMatchObject({ code: 'AUDIT_ROW_EDITED', seq: '1', continues: false });
  // Another key id altogether: the rows name a key this keyring does not hold.
  const other = parseEnvKey(`other:${randomBytes(32).toString('base64')}`);
  expect((await verify({}, other)).findings.map((f) => f.code)).toEqual(written.map(() => 'AUDIT_KEY_UNKNOWN'));
});

it('keeps every chain valid under concurrent writers on several connections and processes’ worth of pools', async () => {
  const orms: MikroORM[] = await Promise.all([1, 2, 3].map(() => initOrm({ url: hub.dbUrl, departments: [], poolMax: 4 })));
  try {
    const writers = orms.map((orm) => groupCommitAuditWrites(orm.em, keyring));
    const request = (w: number, n: number) => ({ requestId: `w${w}-${n}`, caller: { ...anonymousCaller, id: `caller:${w}`, name: `writer ${w}` }, purpose: 'CASE_MANAGEMENT', operationName: `Op${n}` });
    const headers = await hub.as('civil-affairs');
    const direct = writers.flatMap((write, w) =>
      Array.from({ length: 40 }, async (_, n) => {
        // Spread over several event-loop turns: many groups, several in flight at once.
        await new Promise((r) => setTimeout(r, n % 7));
        return write(request(w, n), [{ personId: String((n % 9) + 1), householdId: null, field: 'Person.idNumber' }]);
      }),
    );
    const overHttp = Array.from({ length: 30 }, (_, i) => hub.query(`{ person(id: "${(i % 9) + 1}") { idNumber name } }`, {}, headers));
    await Promise.all([...direct, ...overHttp]);
    const [{ n, chains, unchained }] = await hub.sql(`select count(*)::int as n, count(distinct chain_id)::int as chains, count(*) filter (where chain_link is null)::int as unchained from core.audit_event`);
    expect(n).toBe(150);
    expect(unchained).toBe(0);
    expect(chains).toBeGreaterThan(1);
    const report = await verify();
    expect(report.findings).toEqual([]);
    expect(report.rows).toBe(150);
    // Positions are dense per chain: no two transactions appended at the same place.
    const dense = await hub.sql(`select chain_id, count(*)::int as n, max(chain_seq)::int as last, count(distinct chain_seq)::int as distinct_seq from core.audit_event group by chain_id`);
    for (const c of dense) expect([c.n, c.distinct_seq]).toEqual([c.last, c.last]);
  } finally {
    await Promise.all(orms.map((orm) => orm.close(true)));
  }
});

/** A pool of its own on the hub's database (what another hub process has), and the statements it sends. */
async function otherPool() {
  const orm = await initOrm({ url: hub.dbUrl, departments: [], poolMax: 2 });
  const sent: string[] = [];
  orm.em.getConnection().getKnex().on('query', (q: { sql: string }) => sent.push(q.sql));
  const append = (n: number) => {
    const request = { requestId: `p-${n}`, caller: { ...anonymousCaller, id: 'caller:p', name: 'pool' }, purpose: 'CASE_MANAGEMENT', operationName: `Op${n}` };
    const rows: AuditRow[] = [1, 2].map((p) => ({ request, personId: String(p), householdId: null, fields: ['Person.idNumber'] }));
    return insertAuditRows(orm.em, rows, keyring);
  };
  // What the statements cost: the guarded append after the head this pool knew, the locked take, the insert after it.
  const costs = () => sent.splice(0).map((s) => (s.includes('audit_chain_take') ? 'take' : s.includes('skip locked') ? 'guarded' : 'insert'));
  /** One write alone, and what it cost. */
  const write = async (n: number) => {
    sent.length = 0;
    await append(n);
    return costs();
  };
  return { orm, append, write, costs, heads: chainHeadsOf(orm.em) };
}

it('two processes appending to one chain in turn each find the head moved, append on the locked path, and the chain verifies', async () => {
  const [a, b] = await Promise.all([otherPool(), otherPool()]);
  try {
    const costs: string[][] = [];
    // Both start their locked takes at stripe 0, and stay there when they find a head moved, so they keep meeting on one chain.
    a.heads.lostRace = b.heads.lostRace = () => {};
    for (let n = 0; n < 6; n++) {
      for (const pool of [a, b]) {
        a.heads.firstStripe = b.heads.firstStripe = 0;
        costs.push(await pool.write(n));
      }
    }
    // Neither pool knows a head at first; after that the other one has always moved it.
    expect(costs.slice(0, 2)).toEqual([['take', 'insert'], ['take', 'insert']]);
    expect(new Set(costs.slice(2).map((c) => c.join(' ')))).toEqual(new Set(['guarded take insert']));
    const rows = await chained();
    expect(new Set(rows.map((r) => r.chain_id))).toEqual(new Set([`${new Date().toISOString().slice(0, 10)}.0`]));
    expect(rows.map((r) => Number(r.chain_seq)).sort((x, y) => x - y)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const report = await verify();
    expect(report.findings).toEqual([]);
    expect(report.rows).toBe(24);
    // Left alone, a process appends with the one guarded statement: the head it last wrote is still there.
    expect(await a.write(6)).toEqual(['guarded', 'take', 'insert']);
    expect([await a.write(7), await a.write(8)]).toEqual([['guarded'], ['guarded']]);
    expect((await verify()).findings).toEqual([]);
  } finally {
    await Promise.all([a.orm.close(true), b.orm.close(true)]);
  }
});

it('two processes appending at once to the same stripes keep every chain valid and dense', async () => {
  const [a, b] = await Promise.all([otherPool(), otherPool()]);
  try {
    a.heads.firstStripe = b.heads.firstStripe = 3;
    // Three writers per process, each appending one group after another.
    await Promise.all([a, b].flatMap((pool, p) => [0, 1, 2].map(async (w) => {
      for (let n = 0; n < 10; n++) await pool.append(p * 100 + w * 10 + n);
    })));
    const costs = [...a.costs(), ...b.costs()];
    // Both paths ran: guarded appends that found their head, and locked takes (at first, and after a lost race).
    expect(costs).toContain('guarded');
    expect(costs.filter((c) => c === 'take').length).toBeGreaterThanOrEqual(2);
    const report = await verify();
    expect(report.findings).toEqual([]);
    expect(report.rows).toBe(120);
    const dense = await hub.sql(`select chain_id, count(*)::int as n, max(chain_seq)::int as last, count(distinct chain_seq)::int as distinct_seq from core.audit_event group by chain_id`);
    for (const c of dense) expect([c.n, c.distinct_seq]).toEqual([c.last, c.last]);
  } finally {
    await Promise.all([a.orm.close(true), b.orm.close(true)]);
  }
});

it("a row carries the database's time: a hub whose clock is off appends on the locked path, which learns the clock again", async () => {
  // The jump below must not cross a UTC midnight (a new day's chain skips the guarded append).
  const toMidnight = 86_400_000 - (Date.now() % 86_400_000);
  if (toMidnight < 10_000) await new Promise((r) => setTimeout(r, toMidnight + 500));
  const pool = await otherPool();
  try {
    expect(await pool.write(0)).toEqual(['take', 'insert']);
    // As if this process's clock jumped 5 s ahead since its last take (the guard allows 1 s).
    pool.heads.learnClock(atText(Date.now() * 1000 + 5_000_000));
    expect(await pool.write(1)).toEqual(['guarded', 'take', 'insert']);
    expect(await pool.write(2)).toEqual(['guarded']);
    const [{ off }] = await hub.sql<{ off: number }>(`select max(abs(extract(epoch from now() - at)))::float as off from core.audit_event`);
    expect(off).toBeLessThan(3);
    expect((await verify()).findings).toEqual([]);
  } finally {
    await pool.orm.close(true);
  }
});

it('verifies the chains of a range of days only', async () => {
  const rows = await sixRequests();
  await hub.sql(`update core.audit_event set fields = array['Person.name'] where id = $1`, [rows[0]!.id]);
  expect((await verify({ from: '2020-01-01', to: '2020-12-31' })).findings).toEqual([]);
  const today = rows[0]!.chain_id.slice(0, 10);
  expect((await verify({ from: today, to: today })).findings).toEqual([expect.objectContaining({ code: 'AUDIT_ROW_EDITED', rowId: rows[0]!.id })]);
});
