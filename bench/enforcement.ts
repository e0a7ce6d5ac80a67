/**
 * `npm run bench:enforcement`: what field-level enforcement costs. Two hubs on the same seeded
 * database — permissions on and off — serve the full person graph (person, household, members,
 * five department profiles) to the same admin caller; autocannon measures each in turn, twice,
 * alternating. Writes bench/results/enforcement.json and .md.
 */
import fs from 'node:fs';
import os from 'node:os';
import pino from 'pino';
import { departments } from '../src/departments/registry.js';
import { createHub, type Hub } from '../src/server/hub.js';
import { createCaller } from '../src/auth/api-keys.js';
import { seededBenchDatabase } from './support/bench-database.js';
import { runLoad, type LoadResult } from './support/load.js';

const persons = Number(process.env.BENCH_PERSONS ?? 20_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);

const PROFILES = `
  civilAffairs { enrolments { program status monthlyAmount } careTargets { category } custodyAgreements { mode } }
  disability { certificates { category grade certificateNumber } rehabServices { status } subsidies { kind monthlyAmount } }
  education { enrolments { stage status leftBehind } teacherPairings { teacherName } }
  womensFederation { leftBehindRecords { needs } supportCases { kind status } }
  health { familyDoctorContracts { validUntil } conditions { icd10Code name } medicalExpenses { year outOfPocket } }`;
const QUERY = `query FullGraph($id: ID!) { person(id: $id) {
  id idNumber name gender birthDate phone address ${PROFILES}
  household { householdNumber monitoringStatus address region { name } finance { year income rigidExpenditure }
    members { id idNumber name relationToHead ${PROFILES} } } } }`;

const db = await seededBenchDatabase(persons);
const hubs: Hub[] = [];
try {
  const logger = pino({ level: 'warn' });
  const on = await createHub({ url: db.url, departments, logger, jwt: null, poolMax: 10 });
  const off = await createHub({ url: db.url, departments, logger, jwt: null, poolMax: 10, enforceAccess: false });
  hubs.push(on, off);
  const { key } = await createCaller(on.orm.em, { name: 'bench-admin', roles: ['admin'] });
  const urls = { on: await on.app.listen({ port: 0, host: '127.0.0.1' }), off: await off.app.listen({ port: 0, host: '127.0.0.1' }) };
  const headers = { authorization: `Bearer ${key}`, 'x-purpose': 'CASE_MANAGEMENT' };
  const body = JSON.stringify({ query: QUERY, variables: { id: '4407' } });

  // Both must answer the same body, or the comparison means nothing.
  const answers = await Promise.all(Object.values(urls).map((u) => fetch(`${u}/graphql`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body }).then((r) => r.text())));
  if (answers[0] !== answers[1] || answers[0]!.includes('"errors"')) throw new Error(`bodies differ or fail:\n${answers[0]!.slice(0, 300)}\n${answers[1]!.slice(0, 300)}`);

  const runs: Record<'on' | 'off', LoadResult[]> = { on: [], off: [] };
  for (const mode of ['on', 'off'] as const) await runLoad({ url: `${urls[mode]}/graphql`, body, headers, connections, seconds: 2 }); // warm-up
  for (let round = 0; round < 2; round++) {
    for (const mode of ['off', 'on'] as const) {
      const r = await runLoad({ url: `${urls[mode]}/graphql`, body, headers, connections, seconds });
      if (r.errors || r.non2xx) throw new Error(`${mode}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      runs[mode].push(r);
      console.log(`${mode}: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.latencyP50} ms, p99 ${r.latencyP99} ms`);
    }
  }
  const mean = (rs: LoadResult[]) => rs.reduce((a, r) => a + r.requestsPerSecond, 0) / rs.length;
  const ratio = mean(runs.on) / mean(runs.off);
  const result = {
    benchmark: 'enforcement-cost',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    persons,
    query: 'FullGraph: person 4407 with household, 5 members and all five department profiles (admin, purpose CASE_MANAGEMENT)',
    connections,
    seconds,
    runs,
    requestsPerSecond: { on: Math.round(mean(runs.on)), off: Math.round(mean(runs.off)) },
    throughputRatioOnOff: Number(ratio.toFixed(3)),
    enforcementCostPercent: Number(((1 - ratio) * 100).toFixed(1)),
    target: 'enforcement costs under 15%',
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/enforcement.json', `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(
    'bench/results/enforcement.md',
    `# Enforcement cost (${result.date.slice(0, 10)})\n\n${result.query}; ${persons} persons; ${connections} connections × ${seconds} s, two alternating rounds after warm-up; ${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}.\n\n| permissions | req/s (mean) | p50 ms | p99 ms |\n|---|---|---|---|\n| off | ${result.requestsPerSecond.off} | ${runs.off.map((r) => r.latencyP50).join(' / ')} | ${runs.off.map((r) => r.latencyP99).join(' / ')} |\n| on | ${result.requestsPerSecond.on} | ${runs.on.map((r) => r.latencyP50).join(' / ')} | ${runs.on.map((r) => r.latencyP99).join(' / ')} |\n\nThroughput on/off: **${result.throughputRatioOnOff}** (enforcement costs ${result.enforcementCostPercent}%; target < 15%). With permissions on, each request also writes its audit rows (one INSERT).\n`,
  );
  console.log(`ratio on/off = ${result.throughputRatioOnOff} (${result.enforcementCostPercent}% cost)`);
} finally {
  for (const hub of hubs) await hub.close().catch(() => {});
  await db.dispose();
}
