import { spawnSync } from 'node:child_process';
import os from 'node:os';

/**
 * What a results file says about its run: the benchmark's name, when, on which commit and on what
 * machine (the load average now, or `loadAverage` taken earlier, e.g. before the servers stopped).
 */
export function runInfo(benchmark: string, machine: { loadAverage?: number[]; note?: string | null } = {}) {
  return {
    benchmark,
    date: new Date().toISOString(),
    commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, ...machine, loadAverage: (machine.loadAverage ?? os.loadavg()).map((l) => Number(l.toFixed(2))) },
  };
}
