import { getHeapStatistics } from 'node:v8';
import { StartupError } from '../src/startup-failure.js';

/**
 * `npm start` without credentials runs the emulated orgs in the companion's own process, under
 * the companion's heap limit (package.json's start script). A large seed does not fit in it:
 * refuse at start, saying what does fit and how to run the larger seed, rather than run out of
 * heap in the middle of the first reconciliation.
 *
 * Measured with `npm start` and one applied reconciliation of the whole seed, followed by the
 * CDC traffic it causes (the emulators keep every change event): heap used peaked at 169 MB
 * for 10,000 users, 229 MB for 20,000 and 900 MB for 100,000 (under a 1,024 MB limit), and
 * 25,000 users ran out of the 256 MB limit; the seed alone holds about 4.3 kB per user.
 */
const COMPANION_ROOM_MB = 110;
const SANDBOX_KB_PER_USER = 10;
const MB = 1024 * 1024;

/** Heap, MB, that the sandbox of `users` users and the companion beside it need together. */
export function sandboxHeapNeedMb(users: number): number {
  return Math.ceil(COMPANION_ROOM_MB + (users * SANDBOX_KB_PER_USER) / 1024);
}

/** The largest seed whose sandbox fits a heap of `heapLimitMb`. */
export function sandboxUsersFitting(heapLimitMb: number): number {
  return Math.max(0, Math.floor(((heapLimitMb - COMPANION_ROOM_MB) * 1024) / SANDBOX_KB_PER_USER));
}

/** The V8 heap limit of this process, MB (old space plus the young generation). */
export function processHeapLimitMb(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / MB);
}

/** Throws a StartupError naming what fits and what to run when the seed does not fit. */
export function assertSandboxFitsHeap(users: number, heapLimitMb: number): void {
  const need = sandboxHeapNeedMb(users);
  if (need <= heapLimitMb) return;
  const flag = `--max-old-space-size=${Math.ceil(need / 256) * 256}`;
  const fitting = Math.floor(sandboxUsersFitting(heapLimitMb) / 1000) * 1000;
  throw new StartupError(
    `SANDBOX_USERS=${users} needs about ${need} MB of heap: the emulated orgs run in this process ` +
      `beside the companion, and its V8 heap limit is ${heapLimitMb} MB. Lower SANDBOX_USERS ` +
      `(about ${fitting.toLocaleString('en-US')} fit), or run the larger sandbox with a larger ` +
      `heap: npm run build && node ${flag} companion/dist/bin/start.js`,
  );
}
