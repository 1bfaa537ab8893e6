/**
 * How a connection waits for another connection's write lock on the same file. `block`:
 * SQLite's busy timeout, which sleeps the thread in growing steps (1, 2, 5, 10, 15, 20, 25 ms
 * and on): nothing else in the process runs meanwhile, and a lock held 12 ms costs 18. `yield`:
 * no busy timeout; a call refused with SQLITE_BUSY is tried again 1 ms later from the event
 * loop, so the process goes on serving (an intake parses the next delivery) and gets the lock
 * within a millisecond of its release. Nothing runs twice: a refused call did nothing.
 */
export type LockWait = 'block' | 'yield';

/** How long either way waits for a lock before the call fails. */
export const LOCK_WAIT_LIMIT_MS = 5_000;

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: RetryClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Calls `attempt` until it is not refused with SQLITE_BUSY, for up to the wait limit. */
export async function retryWhileBusy<T>(
  attempt: () => T | Promise<T>,
  clock: RetryClock = realClock,
): Promise<T> {
  const deadline = clock.now() + LOCK_WAIT_LIMIT_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || clock.now() >= deadline) throw error;
      await clock.sleep(1);
    }
  }
}
