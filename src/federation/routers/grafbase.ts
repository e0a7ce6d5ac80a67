import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { print, type DocumentNode } from 'graphql';

/** The Grafbase CLI's platform package (a devDependency, pinned): the Rust gateway engine behind `grafbase dev`. */
export const GRAFBASE_PACKAGE = '@grafbase/cli-x86_64-unknown-linux-musl';

/** Path of the `grafbase` binary, or the reason it cannot run here (another platform, not installed). */
export function grafbaseBinary(): { path: string } | { missing: string } {
  if (process.platform !== 'linux' || process.arch !== 'x64') return { missing: `${GRAFBASE_PACKAGE} is built for linux-x64; this is ${process.platform}-${process.arch}` };
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve(`${GRAFBASE_PACKAGE}/package.json`));
    const bin = path.join(dir, 'grafbase');
    fs.accessSync(bin, fs.constants.X_OK);
    return { path: bin };
  } catch {
    return { missing: `${GRAFBASE_PACKAGE} is not installed (npm install --include=dev on linux-x64)` };
  }
}

/**
 * grafbase.toml for subgraphs in forwarded trust mode: each subgraph's URL and SDL file, and the
 * headers every subgraph request carries — the client's Authorization and X-Purpose, and the
 * request id (the client's `x-request-id`, or the W3C trace context) that groups the audit trail.
 * Nothing else is forwarded (cookies, the client's other headers); identical in-flight subgraph
 * requests are not merged (each client request is audited by its own fetch). A subgraph that does not answer
 * within `timeoutSeconds` is an error at its fields (Grafbase's own message; code SUBGRAPH_REQUEST_ERROR).
 */
export function grafbaseToml(opts: { listen: string; subgraphs: ReadonlyArray<{ name: string; url: string; schemaPath: string }>; timeoutSeconds?: number }): string {
  const lines = [
    '# Grafbase Gateway in front of CareGraph subgraphs in forwarded trust mode (CAREGRAPH_SUBGRAPH_TRUST=forwarded).',
    '[network]',
    `listen_address = "${opts.listen}"`,
    '',
    '[gateway]',
    `timeout = "${opts.timeoutSeconds ?? 30}s"`,
    `subgraph_timeout = "${opts.timeoutSeconds ?? 15}s"`,
    '',
    // Grafbase merges identical in-flight subgraph requests (same body, same forwarded headers) by
    // default and shares one answer. Without a distinct x-request-id per client request, N clients
    // reading the same persons would then reach the subgraph — and the audit trail — once: off, so
    // every client request is answered, and audited, by its own fetch.
    '[traffic_shaping]',
    'inflight_deduplication = false',
    '',
    ...['authorization', 'x-purpose', 'x-request-id', 'traceparent'].flatMap((name) => ['[[headers]]', 'rule = "forward"', `name = "${name}"`, '']),
  ];
  for (const s of opts.subgraphs) lines.push(`[subgraphs.${s.name}]`, `url = "${s.url}"`, `schema_path = "${s.schemaPath}"`, '');
  return lines.join('\n');
}

export interface GrafbaseRouter {
  url: string;
  pid: number;
  dir: string;
  stop(): Promise<void>;
}

/**
 * Starts `grafbase dev -c grafbase.toml` (composes the subgraphs' SDL itself, serves offline) on
 * `listen` and waits until it answers. The SDL and configuration go to a temporary directory.
 */
export async function startGrafbaseRouter(opts: {
  binary: string;
  documents: ReadonlyMap<string, DocumentNode>;
  urls: Readonly<Record<string, string>>;
  port: number;
  /** Address to listen on (default loopback); the readiness probe asks loopback when it is a wildcard. */
  host?: string;
  timeoutSeconds?: number;
  log?: boolean;
}): Promise<GrafbaseRouter> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-grafbase-'));
  const subgraphs = [...opts.documents].map(([name, document]) => {
    const schemaPath = path.join(dir, `${name}.graphql`);
    fs.writeFileSync(schemaPath, print(document));
    return { name, url: opts.urls[name]!, schemaPath };
  });
  const host = opts.host ?? '127.0.0.1';
  const listen = `${host.includes(':') ? `[${host}]` : host}:${opts.port}`;
  const config = path.join(dir, 'grafbase.toml');
  fs.writeFileSync(config, grafbaseToml({ listen, subgraphs, timeoutSeconds: opts.timeoutSeconds }));
  const child: ChildProcess = spawn(opts.binary, ['dev', '-c', config, '--listen-address', listen], {
    cwd: dir,
    // Its own home: no login state, no update check against a user's settings.
    env: { ...process.env, HOME: dir, GRAFBASE_DISABLE_TELEMETRY: '1', DO_NOT_TRACK: '1' },
    stdio: ['ignore', opts.log ? 'inherit' : 'ignore', opts.log ? 'inherit' : 'ignore'],
  });
  const probeHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${probeHost}:${opts.port}/graphql`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}', signal: AbortSignal.timeout(1_000) });
      if (res.ok) return { url, pid: child.pid!, dir, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`grafbase dev did not serve ${url} within 60 s (exit code ${child.exitCode}); run with log: true to see why`);
}
