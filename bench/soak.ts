/**
 * `npm run bench:soak` (issue #17, point 6): SOAK_MINUTES (default 10) of mixed load at fixed
 * concurrency against the real hub (its own process) on an embedded PostgreSQL, with PostgreSQL
 * stopped and started again in the middle while an import is running.
 *
 * - SOAK_CONNECTIONS (6) clients loop over Q1 (a person graph; persons rotate), Q2 (a filtered
 *   page of 50) and a report, 6 : 1 : 1, as bench/compare.ts's callers; a client pauses 250 ms
 *   after an error (as a client honouring Retry-After would, shorter).
 * - One job lane: every SOAK_JOB_SECONDS (45) a 2,000-row care-visit import over HTTP and a
 *   monitoring run (`runMonitoring`).
 * - At 45% of the run: a SOAK_IMPORT_ROWS-row import (60,000) starts; once a quarter of it is
 *   committed PostgreSQL is stopped for SOAK_OUTAGE_SECONDS (40, longer than the API-key
 *   cache, so key look-ups meet the outage too), then started on the same port. The hub is not
 *   restarted. After recovery the same file is imported again: created + unchanged must be
 *   exactly its rows, and the table must hold each row once.
 * - /healthz every second, the hub's RSS every 10 s; at the end, audit rows are compared with the
 *   responses that disclosed an ID number.
 *
 * Writes bench/results/soak-<date>.md (SOAK_OUT to rename) and .json. Not part of `npm test`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { startEmbeddedDatabase } from '../src/db/embedded-database.js';
import { initOrm, migrate } from '../src/db/orm.js';
import { departments } from '../src/departments/registry.js';
import { seedDemoData } from '../src/seed/seed-demo-data.js';
import { CAREGRAPH, Q3_INPUT, q2Filter } from './support/comparison-queries.js';
import { pickComparisonSubjects } from './support/subjects.js';
import { CAREGRAPH_NODE_ARGS, startServer } from './support/server-process.js';
import { call, graphqlInit, kindOf, Tally, type Op, type Outcome, type Phase } from './soak-load.js';
import { uploadInit, writeCareVisitCsv } from './soak-import.js';
import { summarizeHubLog, writeSoakReport, type SoakResult } from './soak-report.js';
import './support/bench-audit-key.js';

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const persons = Number(process.env.SOAK_PERSONS ?? 100_000);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 6);
const outageSeconds = Number(process.env.SOAK_OUTAGE_SECONDS ?? 40);
const importRows = Number(process.env.SOAK_IMPORT_ROWS ?? 60_000);
const jobSeconds = Number(process.env.SOAK_JOB_SECONDS ?? 45);
const outName = process.env.SOAK_OUT ?? `soak-${new Date().toISOString().slice(0, 10)}`;
const durationMs = minutes * 60_000;
const outageAtMs = durationMs * 0.45;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ------------------------------------------------------------------ database and dataset
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-soak-'));
fs.chmodSync(base, 0o755);
const db = await startEmbeddedDatabase({ dataDir: path.join(base, 'pg'), fast: true });
/** One statement on a short-lived connection (a pooled one would die with every stop). */
async function sql<R extends pg.QueryResultRow = any>(text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: db.url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}
const stopHub: Array<() => Promise<void>> = [];
try {
  log(`dataset: ${persons.toLocaleString('en')} persons …`);
  const seedStarted = performance.now();
  const orm = await initOrm({ url: db.url, departments, poolMax: 2 });
  await migrate(orm);
  await orm.close(true);
  const seedClient = new pg.Client({ connectionString: db.url });
  await seedClient.connect();
  await seedDemoData(seedClient, { persons, county: '410823', seed: 1 });
  const { township } = await pickComparisonSubjects(seedClient);
  // Q1 rotates over persons of 4+ member households (the benchmark's shape, many subjects).
  const q1Ids = (await seedClient.query<{ id_number: string }>(`select p.id_number from core.person p where p.household_id in
      (select household_id from core.person group by household_id having count(*) >= 4) order by p.id limit 2000`)).rows.map((r) => r.id_number);
  await seedClient.end();
  const seedSeconds = Number(((performance.now() - seedStarted) / 1000).toFixed(1));
  log(`dataset built in ${seedSeconds} s; Q1 over ${q1Ids.length} persons, Q2 township ${township}`);

  // ---------------------------------------------------------------- the hub, its own process
  const hubLog = path.join(base, 'hub.log');
  const hub = await startServer('caregraph', process.execPath, [...CAREGRAPH_NODE_ARGS, 'bench/soak-server.ts'], {
    DATABASE_URL: db.url,
    POOL_MAX: '10',
    NODE_ENV: 'production',
    SOAK_HUB_LOG: hubLog,
  });
  stopHub.push(() => hub.stop());
  const keys = JSON.parse(hub.extra) as { partner: string; office: string; admin: string };
  const admin = { key: keys.admin };
  const origin = hub.url.replace(/\/graphql$/, '');
  const partner = { authorization: `Bearer ${keys.partner}`, 'x-purpose': 'CASE_MANAGEMENT' };
  const office = { authorization: `Bearer ${keys.office}`, 'x-purpose': 'STATISTICS' };
  const adminHeaders = { authorization: `Bearer ${admin.key}`, 'x-purpose': 'CASE_MANAGEMENT' };

  // ---------------------------------------------------------------- recording
  const started = performance.now();
  const now = () => performance.now() - started;
  const outcomes: Outcome[] = [];
  const examples = new Map<string, Outcome>();
  const record = (o: Outcome) => {
    const kind = kindOf(o);
    if (kind !== 'ok' && !examples.has(`${o.op} ${kind}`)) examples.set(`${o.op} ${kind}`, o);
    outcomes.push({ ...o, body: null });
    return o;
  };
  const drill: SoakResult['drill'] = { stopAt: null, stoppedAt: null, startAt: null, startedAt: null, firstOkAt: null, healthDownAt: null, healthUpAt: null };
  const ended = () => now() >= durationMs;

  // ---------------------------------------------------------------- samplers
  const health: Array<{ at: number; status: number; body: unknown }> = [];
  const rss: Array<{ at: number; mb: number }> = [];
  const rssMb = () => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${hub.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  rss.push({ at: 0, mb: rssMb() });
  const rssTimer = setInterval(() => rss.push({ at: now(), mb: rssMb() }), 10_000);
  const healthLoop = (async () => {
    while (!ended()) {
      const at = now();
      const slow = setTimeout(() => process.kill(hub.pid, 'SIGUSR2'), 3000);
      const r = await call('Q1', started, `${origin}/healthz`, {}, 10_000);
      clearTimeout(slow);
      health.push({ at, status: r.status, body: r.body });
      if (r.status !== 200 && drill.stoppedAt !== null && drill.healthDownAt === null) drill.healthDownAt = at;
      if (r.status === 200 && drill.startedAt !== null && drill.healthUpAt === null) drill.healthUpAt = at;
      await sleep(1000 - (now() - at));
    }
  })();

  // ---------------------------------------------------------------- query clients
  const cycle: Op[] = ['Q1', 'Q1', 'Q1', 'Q2', 'Q1', 'Q1', 'Q1', 'report'];
  let q1Next = 0;
  const requestFor = (op: Op): RequestInit => {
    if (op === 'Q1') return graphqlInit(CAREGRAPH.Q1, { idNumber: q1Ids[q1Next++ % q1Ids.length] }, partner, 'Q1');
    if (op === 'Q2') return graphqlInit(CAREGRAPH.Q2, { filter: q2Filter(township) }, partner, 'Q2');
    return graphqlInit(CAREGRAPH.Q3, { input: Q3_INPUT }, office, 'Q3');
  };
  const client = async (n: number) => {
    for (let i = n; !ended(); i++) {
      const op = cycle[i % cycle.length]!;
      const o = record(await call(op, started, hub.url, requestFor(op)));
      if (o.status === 200 && o.codes.length === 0 && drill.startedAt !== null && drill.firstOkAt === null && op === 'Q1') drill.firstOkAt = o.at + o.ms;
      if (kindOf(o) !== 'ok') await sleep(250);
    }
  };
  const clients = Array.from({ length: connections }, (_, n) => client(n));

  // ---------------------------------------------------------------- jobs: imports, monitoring, the drill
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-soak-files-'));
  const importUrl = `${origin}/import/civil-affairs/care-visit`;
  const monitoring = () => call('monitoring', started, hub.url, graphqlInit('mutation { runMonitoring { id } }', {}, adminHeaders));
  const committed = async (prefix: string) => Number((await sql<{ n: string }>(`select count(*) as n from civil_affairs.care_visit where source_record_id like $1`, [`${prefix}-%`]))[0]!.n);
  let smallImports = 0;
  const interrupted: SoakResult['interruptedImport'] = { rows: importRows, committedWhenStopped: null, committedAfterOutage: null, firstResponse: null, reRun: null, rowsInTable: null, distinctInTable: null };

  const runDrill = async () => {
    const file = path.join(files, 'big.csv');
    await writeCareVisitCsv(file, 'SOAK-BIG', importRows, 500_000);
    log(`drill: importing ${importRows.toLocaleString('en')} rows, stopping PostgreSQL once a quarter is committed`);
    const first = call('import (interrupted)', started, importUrl, uploadInit(file, admin.key), 600_000).then(record);
    let seen = 0;
    while ((seen = await committed('SOAK-BIG')) < importRows / 4) await sleep(100);
    interrupted.committedWhenStopped = seen;
    drill.stopAt = now();
    await db.stop();
    drill.stoppedAt = now();
    log(`drill: PostgreSQL stopped (${seen.toLocaleString('en')} rows committed); down for ${outageSeconds} s`);
    await sleep(outageSeconds * 1000);
    drill.startAt = now();
    await db.start();
    drill.startedAt = now();
    log('drill: PostgreSQL started again (same port, same data); the hub keeps running');
    const firstResponse = await first;
    interrupted.firstResponse = { status: firstResponse.status, codes: firstResponse.codes };
    while (drill.firstOkAt === null && !ended()) await sleep(50);
    interrupted.committedAfterOutage = await committed('SOAK-BIG');
    const again = record(await call('import (re-run)', started, importUrl, uploadInit(file, admin.key), 600_000));
    const b = again.body ?? {};
    interrupted.reRun = { status: again.status, created: b.created ?? null, updated: b.updated ?? null, unchanged: b.unchanged ?? null, rejected: b.rejected ?? null };
    const [counts] = await sql<{ n: string; d: string }>(`select count(*) as n, count(distinct source_record_id) as d from civil_affairs.care_visit where source_record_id like 'SOAK-BIG-%'`);
    interrupted.rowsInTable = Number(counts!.n);
    interrupted.distinctInTable = Number(counts!.d);
    log(`drill: re-run ${JSON.stringify(interrupted.reRun)}; table holds ${interrupted.rowsInTable} rows`);
  };

  const jobs = (async () => {
    let drillDone = false;
    while (!ended()) {
      const cycleStart = now();
      if (!drillDone && cycleStart >= outageAtMs) {
        await runDrill();
        drillDone = true;
        continue;
      }
      const file = path.join(files, `small-${smallImports}.csv`);
      await writeCareVisitCsv(file, `SOAK-S${smallImports}`, 2000, 10_000 * smallImports);
      record(await call('import', started, importUrl, uploadInit(file, admin.key)));
      smallImports++;
      record(await monitoring());
      const next = Math.min(cycleStart + jobSeconds * 1000, drillDone ? Infinity : outageAtMs);
      while (now() < next && !ended()) await sleep(200);
    }
  })();

  const progress = setInterval(() => log(`${Math.round(now() / 1000)} s: ${outcomes.length} requests, RSS ${rss.at(-1)?.mb} MB`), 60_000);
  await Promise.all([...clients, jobs, healthLoop]);
  clearInterval(progress);
  clearInterval(rssTimer);
  rss.push({ at: now(), mb: rssMb() });

  // ---------------------------------------------------------------- audit and phases
  const [audit] = await sql<{ requests: string; rows: string }>(
    `select count(distinct request_id) as requests, count(*) as rows from core.audit_event where caller_name = 'soak-partner'`,
  );
  const recoveredAt = drill.firstOkAt ?? Infinity;
  const phaseAt = (at: number): Phase => (drill.stopAt === null || at < drill.stopAt ? 'before' : at < recoveredAt ? 'during' : 'after');
  const tally = new Tally(phaseAt);
  for (const o of outcomes) tally.add(o);
  const result: SoakResult = {
    date: new Date().toISOString(),
    commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
    command: `SOAK_MINUTES=${minutes} npm run bench:soak`,
    settings: { minutes, persons, connections, outageSeconds, importRows, jobSeconds, seedSeconds },
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))) },
    drill,
    tally,
    examples: [...examples.entries()].map(([k, o]) => ({ kind: k, body: JSON.stringify(o.body)?.slice(0, 300) ?? null })),
    health,
    rss,
    audit: { disclosingResponses: tally.disclosing, auditedRequests: Number(audit!.requests), auditRows: Number(audit!.rows) },
    interruptedImport: interrupted,
    smallImports,
    hubPid: hub.pid,
    hubAlive: fs.existsSync(`/proc/${hub.pid}`),
    hubLog: summarizeHubLog(hubLog),
  };
  const file = writeSoakReport(result, outName);
  log(`wrote ${file}`);
  fs.rmSync(files, { recursive: true, force: true });
} finally {
  for (const stop of stopHub) await stop().catch(() => {});
  await db.stop().catch(() => {});
  fs.rmSync(base, { recursive: true, force: true });
}
