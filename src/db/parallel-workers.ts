/**
 * How many parallel workers one statement may use (`max_parallel_workers_per_gather`), from an
 * environment variable. The hub serves many requests at once: on a busy server a parallel plan
 * does not add throughput, it takes CPU from the other requests' statements and pays for worker
 * start-up and coordination on top (Q2 at 16 clients on 2 cores: 10.0–10.8 → 11.7 statements/s
 * serial, docs/benchmarks.md). So the default is 0 (serial); a deployment with idle
 * cores and few concurrent callers can raise it.
 * @throws Error when the variable is set but not a whole number from 0 to 64.
 */
export function parallelWorkersFromEnv(variable: string, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return 0;
  const workers = Number(raw);
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
    throw new Error(`${variable} must be a whole number of parallel workers from 0 to 64, got "${raw}"`);
  }
  return workers;
}
