import type Database from 'better-sqlite3';
import type { JobWatch } from '../types.js';
import type { Runner } from './synchronous.js';

/** How often the file's data version is read: the most a job queued by another process waits. */
export const DATA_VERSION_POLL_MS = 25;

/**
 * SQLite's `PRAGMA data_version` changes when another connection commits to the file, never
 * for this connection's own commits: reading it is a check of a counter in shared memory, so
 * polling it often costs next to nothing and tells a worker process that an intake process
 * (or the reconcile command) queued something.
 */
export function watchDataVersion(
  db: Database.Database,
  run: Runner,
  listener: () => void,
  pollMs: number = DATA_VERSION_POLL_MS,
): JobWatch {
  const read = () => (db.open ? (db.pragma('data_version', { simple: true }) as number) : 0);
  let last: number | undefined;
  let checking = false;
  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      const version = await run(read);
      if (last !== undefined && version !== last) listener();
      last = version;
    } catch {
      // A closed or busy file: the worker's own poll still runs.
    } finally {
      checking = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), pollMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
    },
  };
}
