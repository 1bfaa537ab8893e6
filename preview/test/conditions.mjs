import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves with the first value of `probe` that is neither undefined nor false; the test's
 * timeout bounds the wait (no timed assertion: only the condition decides).
 * @template T
 * @param {() => Promise<T | undefined | false> | T | undefined | false} probe
 * @returns {Promise<T>}
 */
export async function eventually(probe, intervalMs = 100) {
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return /** @type {T} */ (value);
    await sleep(intervalMs);
  }
}
