import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export interface SubBenchmark {
  name: string;
  /** Script run with tsx when it exists (written by the feature's own helper). */
  script: string;
  /** Where that script writes its figures, linked from the results. */
  results: string;
}

/** Benchmarks other features bring; `npm run bench` runs each one whose script exists. */
export const OPTIONAL_SUB_BENCHMARKS: SubBenchmark[] = [
  { name: 'intake throughput', script: 'bench/intake.ts', results: 'bench/results/intake.md' },
  { name: 'monitoring run', script: 'bench/monitoring.ts', results: 'bench/results/monitoring.md' },
  { name: 'federated gateway vs monolith', script: 'bench/federation.ts', results: 'bench/results/federation.md' },
];

export interface SubBenchmarkOutcome {
  name: string;
  script: string;
  status: 'not present' | 'passed' | 'failed' | 'skipped';
  seconds: number | null;
  results: string | null;
}

/**
 * Runs the present sub-benchmarks one after another (after the comparison's servers stopped, so
 * they do not share the CPU), each in its own process with the scale of this run
 * (BENCH_PERSONS passes through). BENCH_SUB=none skips them.
 */
export function runSubBenchmarks(list: SubBenchmark[]): SubBenchmarkOutcome[] {
  return list.map((b) => {
    if (!fs.existsSync(b.script)) return { name: b.name, script: b.script, status: 'not present', seconds: null, results: null };
    if (process.env.BENCH_SUB === 'none') return { name: b.name, script: b.script, status: 'skipped', seconds: null, results: null };
    console.log(`sub-benchmark ${b.name}: ${b.script}`);
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', b.script], { stdio: 'inherit', env: process.env });
    const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
    return { name: b.name, script: b.script, status: run.status === 0 ? 'passed' : 'failed', seconds, results: fs.existsSync(b.results) ? b.results : null };
  });
}
