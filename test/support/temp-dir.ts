import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temporary directory for one test file (files to import, their rejects), removed after its last test. */
export function tempDirForFile(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
