import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded-database.js';

/**
 * The embedded PostgreSQL starts with glibc malloc settings that keep a backend's memory between
 * statements (src/db/embedded-database.ts says why: it halved PostgreSQL's CPU per Q1). What a
 * server process was started with is in /proc/<postmaster pid>/environ.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-malloc-'));
fs.chmodSync(dir, 0o755); // as root the server runs as the postgres user, which must enter it
let db: EmbeddedDatabase;
const postmasterEnvironment = () => {
  const pid = fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]!;
  // glibc splits GLIBC_TUNABLES in place while it reads it (2.36: ':' becomes NUL), so the raw text is what to search.
  return fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
};

beforeAll(async () => {
  db = await startEmbeddedDatabase({ dataDir: path.join(dir, 'pg'), fast: true });
});
afterAll(async () => {
  await db?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('starts the server with the malloc tunables and leaves the hub process environment as it was', () => {
  const environment = postmasterEnvironment();
  expect(environment).toMatch(/GLIBC_TUNABLES=glibc\.malloc\.trim_threshold=16777216[:\0]glibc\.malloc\.mmap_threshold=4194304[:\0]glibc\.malloc\.top_pad=1048576\0/);
  expect(process.env.GLIBC_TUNABLES).toBeUndefined();
});

it("an operator's own GLIBC_TUNABLES wins, on a restart too", async () => {
  await db.stop();
  process.env.GLIBC_TUNABLES = 'glibc.malloc.trim_threshold=262144';
  try {
    await db.start();
  } finally {
    delete process.env.GLIBC_TUNABLES;
  }
  expect(postmasterEnvironment()).toContain('\0GLIBC_TUNABLES=glibc.malloc.trim_threshold=262144\0');
  expect(postmasterEnvironment()).not.toContain('mmap_threshold');
});
