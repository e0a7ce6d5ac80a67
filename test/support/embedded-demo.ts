import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectionFileFor } from '../../src/db/embedded-connection.js';

export interface EmbeddedDemo {
  /** The temporary directory holding the cluster; the test removes it when done. */
  base: string;
  /** `CAREGRAPH_DATA_DIR`: where the embedded cluster lives. */
  dataDir: string;
  /** The environment of a hub started on it: production logging, no `DATABASE_URL`, `HOST` or monitoring interval. */
  env: NodeJS.ProcessEnv;
  /** The cluster's URL, from the connection file a running hub writes. */
  databaseUrl(): string;
}

/**
 * An empty embedded database for `npm start` or `npm run start:federated` as a child process: the
 * hub generates a demo county of `persons` persons on it at its first start.
 */
export function emptyEmbeddedDemo(prefix: string, persons: number): EmbeddedDemo {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(base, 0o755); // as root the cluster runs as `postgres`, who must reach it
  const dataDir = path.join(base, 'pg');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', LOG_LEVEL: 'info', CAREGRAPH_DATA_DIR: dataDir, DEMO_PERSONS: String(persons) };
  delete env.DATABASE_URL;
  delete env.HOST;
  delete env.MONITORING_INTERVAL_MINUTES;
  return { base, dataDir, env, databaseUrl: () => JSON.parse(fs.readFileSync(connectionFileFor(dataDir), 'utf8')).url };
}
