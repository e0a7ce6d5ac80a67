import { startEmbeddedDatabase } from './embedded-database.js';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * The hub's database: `DATABASE_URL` when set, otherwise an embedded PostgreSQL whose cluster
 * persists in `CAREGRAPH_DATA_DIR` (default `.data/postgres`, git-ignored).
 */
export async function openDatabase(log?: (line: string) => void): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, embedded: false, stop: async () => {} };
  const db = await startEmbeddedDatabase({ dataDir: process.env.CAREGRAPH_DATA_DIR ?? '.data/postgres', log });
  return { url: db.url, embedded: true, stop: db.stop };
}
