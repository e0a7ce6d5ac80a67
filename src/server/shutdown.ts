import type { Logger } from 'pino';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { takeOverShutdownSignals } from '../db/signal-handling.js';
import { redact } from './hub.js';

/**
 * An orderly, once-only shutdown for a long-running command: each step in order (close HTTP,
 * then pools, then PostgreSQL), errors logged, then exit. A second signal during the shutdown
 * waits for the first one's instead of exiting at once — under `node --import tsx` one SIGTERM
 * arrives twice, and exiting on the second left the embedded PostgreSQL running.
 */
export function onceShutdown(logger: Logger, steps: Array<{ what: string; run: () => Promise<unknown> | undefined }>): (code: number) => Promise<never> {
  let stopping: Promise<never> | undefined;
  return (code) =>
    (stopping ??= (async () => {
      for (const step of steps) await Promise.resolve(step.run()).catch((err) => logger.error({ err }, `error while ${step.what}`));
      process.exit(code);
    })());
}

/** The address to print for a listening host: loopback and IPv6 forms a browser accepts. */
export function baseUrlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? 'localhost' : host}:${port}`;
}

/**
 * The start of a long-running command (`npm start`, `start:federated`): its own signal handling
 * (`on`, not `once`: tsx exits at once on a signal that finds no listener left), then the
 * database, embedded and published to the CLIs unless DATABASE_URL is set.
 */
export async function startWithDatabase(logger: Logger, shutdown: (code: number) => Promise<never>): Promise<DatabaseHandle> {
  takeOverShutdownSignals();
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  const db = await openDatabase((line) => logger.debug({ postgres: line }), { publish: true });
  logger.info({ database: redact(db.url), embedded: db.embedded }, 'database ready');
  return db;
}
