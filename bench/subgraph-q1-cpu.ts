/**
 * `npx tsx bench/subgraph-q1-cpu.ts`: the subgraphs' CPU per Q1 against the monolith's CPU for the
 * whole of Q1, without a gateway in between (its CPU is bench/federation-profile.ts's business).
 * Starts the monolith (bench/servers/caregraph.ts) and then the six subgraphs Q1 reaches, each in
 * its own process, on the reusable dataset (BENCH_PERSONS, default 20,000); sends Q1 to the
 * monolith, then the six requests the Hive gateway makes for one Q1 (core's root read, then the five
 * departments' `_entities` for the person and its household's members, in parallel) with the
 * gateway's signed header — PROFILE_WARMUP, then PROFILE_REQUESTS timed Q1s from
 * PROFILE_CONCURRENCY loops — and prints the CPU per Q1 of each process from /proc.
 * SUBGRAPH_MODES (default `compiled,resolvers`) runs the subgraphs with compiled reads on, then off
 * (CAREGRAPH_COMPILED_READS=0). Subgraphs get as long as they need to start (a loaded machine).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { reusableDataset } from './support/reusable-dataset.js';
import { CAREGRAPH_NODE_ARGS, startServer } from './support/server-process.js';
import { CLOCK_TICKS, cpuTicks } from './support/process-sampler.js';
import { CAREGRAPH } from './support/comparison-queries.js';
import { pickComparisonSubjects } from './support/subjects.js';
import { grantsFor } from '../src/auth/grants.js';
import { INTERNAL_HEADER, signClaims } from '../src/federation/internal-token.js';

const persons = Number(process.env.BENCH_PERSONS ?? 20_000);
const warmup = Number(process.env.PROFILE_WARMUP ?? 100);
const requests = Number(process.env.PROFILE_REQUESTS ?? 600);
const concurrency = Number(process.env.PROFILE_CONCURRENCY ?? 16);
const modes = (process.env.SUBGRAPH_MODES ?? 'compiled,resolvers').split(',');
const firstPort = Number(process.env.BENCH_SUBGRAPH_FIRST_PORT ?? 4701);

/** What the Hive gateway sends each subgraph for one Q1 (captured from its fetches; records as the bench's FULL_PROFILE). */
const CORE_Q1 = `query($idNumber:String!){personByIdNumber(idNumber: $idNumber){__typename id idNumber name birthDate phone household{id householdNumber monitoringStatus members{__typename id idNumber name relationToHead}}}}`;
const DEPARTMENT_Q1: Record<string, string> = {
  'civil-affairs': 'civilAffairs{enrolments{id program status monthlyAmount} careTargets{id keyGuardianship} custodyAgreements{id signedDate}}',
  disability: 'disability{certificates{id grade certificateNumber validUntil} rehabServices{id status} subsidies{id kind monthlyAmount}}',
  education: 'education{enrolments{id stage status leftBehind} teacherPairings{id teacherName}}',
  'womens-federation': 'womensFederation{leftBehindRecords{id needs} supportCases{id kind status}}',
  health: 'health{familyDoctorContracts{id validUntil} conditions{id icd10Code name} medicalExpenses{id year outOfPocket}}',
};
const entitiesQuery = (selection: string) => `query($__batch_reps_0:[_Any!]!){_e0: _entities(representations: $__batch_reps_0){...on Person{${selection}}}}`;

const dataset = await reusableDataset(persons);
const admin = new pg.Client({ connectionString: dataset.url });
await admin.connect();
const { q1IdNumber } = await pickComparisonSubjects(admin);
const subject = (await admin.query<{ id: string; household_id: string | null }>(`select id::text, household_id::text from core.person where id_number = $1`, [q1IdNumber])).rows[0]!;
const members = (
  await admin.query<{ id: string }>(`select id::text from core.person where household_id = $1 order by (relation_to_head is not distinct from 'HEAD') desc, id`, [subject.household_id])
).rows.map((r) => r.id);
// The gateway's batch: the person, then its household's members (the person among them again).
const representations = [subject.id, ...members].map((id) => ({ __typename: 'Person', id }));
const roles = Object.keys(DEPARTMENT_Q1);
const caller = { ...grantsFor(roles), id: 'caller:bench-partner', name: 'bench partner', kind: 'system' as const, roles, regionPrefix: null };

async function run(send: () => Promise<void>, n: number) {
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < n) {
        sent++;
        await send();
      }
    }),
  );
}
const perQ1 = (ticks: number) => Number((((ticks / CLOCK_TICKS) * 1000) / requests).toFixed(2));

async function monolith(): Promise<number> {
  const server = await startServer('caregraph', process.execPath, [...CAREGRAPH_NODE_ARGS, 'bench/servers/caregraph.ts'], { DATABASE_URL: dataset.url });
  try {
    const { partner } = JSON.parse(server.extra) as { partner: string };
    const body = JSON.stringify({ operationName: 'Q1', query: CAREGRAPH.Q1, variables: { idNumber: q1IdNumber } });
    const send = async () => {
      const text = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${partner}`, 'x-purpose': 'CASE_MANAGEMENT' }, body }).then((r) => r.text());
      if (text.includes('"errors"')) throw new Error(text.slice(0, 400));
    };
    await run(send, warmup);
    const before = cpuTicks(server.pid);
    await run(send, requests);
    return perQ1(cpuTicks(server.pid) - before);
  } finally {
    await server.stop();
  }
}

async function subgraphs(mode: string): Promise<Record<string, number>> {
  const secret = randomBytes(32).toString('hex');
  const names = ['core', ...roles];
  const children = new Map<string, { child: ChildProcess; url: string }>();
  names.forEach((name, i) => {
    const port = firstPort + i;
    const child = spawn(process.execPath, [...CAREGRAPH_NODE_ARGS, 'src/federation/subgraph-main.ts'], {
      env: { ...process.env, SUBGRAPH: name, PORT: String(port), DATABASE_URL: dataset.url, CAREGRAPH_FEDERATION_SECRET: secret, LOG_LEVEL: 'warn', NODE_ENV: 'production', CAREGRAPH_COMPILED_READS: mode === 'compiled' ? '1' : '0' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.set(name, { child, url: `http://127.0.0.1:${port}/graphql` });
  });
  try {
    for (const { url, child } of children.values()) {
      while (!(await fetch(url.replace('/graphql', '/healthz')).then((r) => r.ok).catch(() => false))) {
        if (child.exitCode !== null) throw new Error(`a subgraph exited (${child.exitCode}) before it was ready`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    let n = 0;
    const post = async (name: string, query: string, variables: Record<string, unknown>) => {
      const token = signClaims(secret, { caller, purpose: 'CASE_MANAGEMENT', requestId: `bench-${n}`, operationName: 'Q1', audience: name, expires: Math.floor(Date.now() / 1000) + 30 });
      const text = await fetch(children.get(name)!.url, { method: 'POST', headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: token }, body: JSON.stringify({ query, variables }) }).then((r) => r.text());
      if (text.includes('"errors"')) throw new Error(`${name}: ${text.slice(0, 400)}`);
    };
    const q1 = async () => {
      n++;
      await post('core', CORE_Q1, { idNumber: q1IdNumber });
      await Promise.all(roles.map((name) => post(name, entitiesQuery(DEPARTMENT_Q1[name]!), { __batch_reps_0: representations })));
    };
    await run(q1, warmup);
    const before = Object.fromEntries(names.map((name) => [name, cpuTicks(children.get(name)!.child.pid!)]));
    await run(q1, requests);
    return Object.fromEntries(names.map((name) => [name, perQ1(cpuTicks(children.get(name)!.child.pid!) - before[name]!)]));
  } finally {
    for (const { child } of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
  }
}

try {
  console.log(`Q1 for a person with ${members.length} household members, ${requests} Q1s from ${concurrency} loops after ${warmup} warm-ups, ${persons} persons`);
  console.log(`monolith: ${await monolith()} ms CPU per Q1 (whole request)`);
  for (const mode of modes) {
    const cpu = await subgraphs(mode);
    const total = Object.values(cpu).reduce((s, v) => s + v, 0);
    console.log(`subgraphs, ${mode}: ${total.toFixed(2)} ms CPU per Q1 together; ${JSON.stringify(cpu)}`);
  }
} finally {
  await admin.end();
  await dataset.stop();
}
process.exit(0);
