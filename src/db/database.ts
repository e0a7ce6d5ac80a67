import { startEmbeddedDatabase } from './embedded-database.js';
import { findPublishedConnection, publishConnection } from './embedded-connection.js';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** True when this is a running hub's embedded server, joined (stop() leaves it running). */
  shared?: boolean;
  stop(): Promise<void>;
}

/** Folder of the embedded cluster: `CAREGRAPH_DATA_DIR`, default `.data/postgres` (git-ignored). */
export function embeddedDataDir(): string {
  return process.env.CAREGRAPH_DATA_DIR ?? '.data/postgres';
}

/**
 * The hub's database: `DATABASE_URL` when set, otherwise an embedded PostgreSQL whose cluster
 * persists in `CAREGRAPH_DATA_DIR` (default `.data/postgres`, git-ignored) — the running hub's
 * server when `npm start` is up (see embedded-connection.ts), else one started here.
 * @param opts.publish the hub: announce the server it starts to the CLIs until it stops.
 */
export async function openDatabase(log?: (line: string) => void, opts: { publish?: boolean } = {}): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, embedded: false, stop: async () => {} };
  const dataDir = embeddedDataDir();
  // A running hub owns the cluster: join its server rather than fail on PostgreSQL's lock.
  // The hub itself never joins: a second hub on one folder gets the clear "already running" error.
  const running = opts.publish ? null : await findPublishedConnection(dataDir);
  if (running) return { url: running, embedded: true, shared: true, stop: async () => {} };
  const db = await startEmbeddedDatabase({ dataDir, log });
  const unpublish = opts.publish ? publishConnection(dataDir, db.url) : () => {};
  return {
    url: db.url,
    embedded: true,
    async stop() {
      unpublish();
      await db.stop();
    },
  };
}
