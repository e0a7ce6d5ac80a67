/**
 * `npx tsx bench/dataset-shell.ts`: starts the reusable benchmark dataset (BENCH_PERSONS,
 * default 1M) and prints its URL, for `psql` and EXPLAIN (ANALYZE, BUFFERS) while tuning SQL.
 * Stops PostgreSQL on Ctrl-C / SIGTERM.
 */
import { reusableDataset } from './support/reusable-dataset.js';

const dataset = await reusableDataset(Number(process.env.BENCH_PERSONS ?? 1_000_000));
console.log(`psql ${dataset.url}`);
const stop = async () => {
  await dataset.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
