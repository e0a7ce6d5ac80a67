import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

/** Clients of the file import for integration tests: the real CLI as a child process, and the HTTP route. */

const root = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The CLI's `summary-json:` line, parsed; null when it printed none. */
  summary: any;
}

/** Starts `src/cli/import.ts` with `args` against `databaseUrl`, in its own process group (so a test can kill it). */
export function startImportCli(databaseUrl: string, args: readonly string[]): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/cli/import.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_OPTIONS: '' },
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('summary-json: '));
      resolve({ code, stdout, stderr, summary: line ? JSON.parse(line.slice('summary-json: '.length)) : null });
    }),
  );
  return { child, done };
}

/** Posts `content` as the multipart file `name` to the import route `url` (path and query). */
export async function uploadFile(baseUrl: string, url: string, name: string, content: string | Buffer<ArrayBuffer>, headers: Record<string, string>) {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  const res = await fetch(`${baseUrl}${url}`, { method: 'POST', body: form, headers });
  return { status: res.status, body: (await res.json()) as any };
}
