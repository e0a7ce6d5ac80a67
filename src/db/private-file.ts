import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes `text` to `file` readable by its owner only (0600), via a temporary file and a rename so
 * a reader never sees half of it. writeFileSync's mode passes through the umask; chmod sets it exactly.
 */
export function writePrivateFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text, { mode: 0o600 });
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
}
