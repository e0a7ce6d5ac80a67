import { parallelWorkersFromEnv } from '../../src/db/parallel-workers.js';

describe('parallel workers per statement from the environment', () => {
  it('is serial (0) when the variable is unset or blank', () => {
    expect(parallelWorkersFromEnv('CAREGRAPH_PARALLEL_WORKERS', {})).toBe(0);
    expect(parallelWorkersFromEnv('CAREGRAPH_PARALLEL_WORKERS', { CAREGRAPH_PARALLEL_WORKERS: '  ' })).toBe(0);
  });

  it('reads a whole number of workers', () => {
    expect(parallelWorkersFromEnv('CAREGRAPH_REPORT_PARALLEL_WORKERS', { CAREGRAPH_REPORT_PARALLEL_WORKERS: '2' })).toBe(2);
    expect(parallelWorkersFromEnv('X', { X: '0' })).toBe(0);
    expect(parallelWorkersFromEnv('X', { X: '64' })).toBe(64);
  });

  it.each(['-1', '1.5', 'two', '65', '2 workers'])('refuses %j, naming the variable and the value', (raw) => {
    expect(() => parallelWorkersFromEnv('CAREGRAPH_PARALLEL_WORKERS', { CAREGRAPH_PARALLEL_WORKERS: raw })).toThrow(
      `CAREGRAPH_PARALLEL_WORKERS must be a whole number of parallel workers from 0 to 64, got "${raw}"`,
    );
  });
});
