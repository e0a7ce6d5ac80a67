import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../../src/db/embedded-database.js';

/**
 * As root the embedded PostgreSQL runs as the OS user `postgres`; a data folder under a private
 * (0700) directory used to end in a bare EACCES from initdb. Now it stops with the folder's name
 * and the ways out. Only meaningful as root (CI runs as root); as another user the rule does not apply.
 */
const asRoot = process.getuid?.() === 0;
if (!asRoot) console.warn('embedded-private-folder.test.ts: not root, so the postgres-user rule is checked by the unit test only');

(asRoot ? it : it.skip)('as root, a data folder under a 0700 directory stops with the folder and the fixes named', async () => {
  const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-private-'));
  fs.chmodSync(privateDir, 0o700);
  try {
    const started = startEmbeddedDatabase({ dataDir: path.join(privateDir, 'pg'), fast: true });
    await expect(started).rejects.toThrow(`cannot enter ${privateDir} (mode 0700, owner uid 0)`);
    await expect(started).rejects.toThrow(/chmod o\+x .*non-root user.*DATABASE_URL/s);
    expect(fs.existsSync(path.join(privateDir, 'pg'))).toBe(false); // nothing half-made left behind
  } finally {
    fs.rmSync(privateDir, { recursive: true, force: true });
  }
});
