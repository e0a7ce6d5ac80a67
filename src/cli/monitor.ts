/**
 * `npm run monitor -- [--year YYYY] [--as-of YYYY-MM-DD]`: runs every early-warning rule once
 * against the database (embedded unless DATABASE_URL), with a progress bar and per-rule counts
 * and timings. The same run as the admin `runMonitoring` mutation.
 */
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { initOrm, migrate } from '../db/orm.js';
import { departments } from '../departments/registry.js';
import { monitoringRules } from '../monitoring/rules/index.js';
import { runMonitoring, type MonitoringRunResult } from '../monitoring/run-monitoring.js';

const program = new Command()
  .name('monitor')
  .description('Run the CareGraph early-warning rules (数据比对预警) once')
  .option('--year <yyyy>', 'year whose finance and medical spending are judged (default: last year)', (v) => {
    if (!/^\d{4}$/.test(v)) throw new InvalidArgumentError('year must be four digits, e.g. 2025');
    return Number(v);
  })
  .option('--as-of <date>', 'day the run judges, YYYY-MM-DD (default: today)', (v) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new InvalidArgumentError('as-of must be a date YYYY-MM-DD');
    return v;
  })
  .parse();

const opts = program.opts<{ year?: number; asOf?: string }>();

let db: DatabaseHandle | undefined;
let orm: MikroORM | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await orm?.close(true).catch(() => {});
    await db?.stop().catch((err) => console.error('error while stopping PostgreSQL:', err));
  }
  process.exit(code);
}

function printRun(run: MonitoringRunResult): void {
  const width = Math.max(...run.rules.map((r) => r.rule.length));
  const head = ['found', 'no consent', 'new', 'updated', 'resolved', 'ms'];
  console.log(`\nRun ${run.id}: year ${run.year}, as of ${run.asOf}`);
  console.log(`  ${'rule'.padEnd(width)}  ${head.map((h) => h.padStart(12)).join('')}`);
  for (const r of run.rules) {
    const cells = [r.produced, r.skippedForConsent, r.created, r.updated, r.resolved, r.ms];
    console.log(`  ${r.rule.padEnd(width)}  ${cells.map((c) => String(c).padStart(12)).join('')}`);
  }
  console.log(`\nTotal ${(run.totalMs / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  process.once('SIGINT', () => void shutdown(130));
  process.once('SIGTERM', () => void shutdown(143));
  db = await openDatabase();
  orm = await initOrm({ url: db.url, departments, poolMax: 2 });
  await migrate(orm);
  const bar = new cliProgress.SingleBar({ format: 'monitoring [{bar}] {value}/{total} {rule}', hideCursor: true }, cliProgress.Presets.shades_classic);
  const rules = monitoringRules(departments);
  bar.start(rules.length, 0, { rule: '' });
  const run = await runMonitoring(orm.em.fork(), rules, {
    year: opts.year,
    asOf: opts.asOf,
    triggeredBy: 'cli',
    onRule: (rule, index, _total, stats) => bar.update(stats ? index + 1 : index, { rule: rule.code }),
  });
  bar.stop();
  printRun(run);
  await shutdown(0);
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : String(err));
  await shutdown(1);
});
