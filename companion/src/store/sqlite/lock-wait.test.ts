import { afterEach, describe, expect, it } from 'vitest';
import { hookEvent } from '../inbound-event-test-fixtures.js';
import { isBusy, LOCK_WAIT_LIMIT_MS, retryWhileBusy, type RetryClock } from './lock-wait.js';
import { storeFiles } from './store-file-test-fixtures.js';

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

function fakeClock(): RetryClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe('retryWhileBusy', () => {
  it('tries again a millisecond later while the call is refused as busy', async () => {
    const clock = fakeClock();
    let attempts = 0;
    const result = await retryWhileBusy(() => {
      attempts += 1;
      if (attempts < 4) throw busy();
      return 'done';
    }, clock);
    expect(result).toBe('done');
    expect(clock.slept).toEqual([1, 1, 1]);
  });

  it('fails at once on any other error, and with the busy error after the wait limit', async () => {
    await expect(
      retryWhileBusy(() => {
        throw Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT' });
      }, fakeClock()),
    ).rejects.toThrow('constraint');
    const clock = fakeClock();
    await expect(
      retryWhileBusy(() => {
        throw busy();
      }, clock),
    ).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(clock.slept).toHaveLength(LOCK_WAIT_LIMIT_MS);
    expect(isBusy(Object.assign(new Error(), { code: 'SQLITE_BUSY_SNAPSHOT' }))).toBe(true);
  });
});

describe('a yielding connection beside a writer on the same file', () => {
  const files = storeFiles();
  afterEach(() => files.cleanup());

  it('waits for the lock on the event loop and writes once it is released', async () => {
    const path = files.file();
    const worker = files.open({ path });
    const intake = files.open({ path, lockWait: 'yield' });

    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const holding = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // The worker holds the write lock across awaits, as a transaction may.
    const workerTransaction = worker.transaction(async (tx) => {
      await tx.inbox.accept([hookEvent('held')]);
      locked();
      await released;
    });
    await holding;

    let accepted = false;
    const intakeAccept = intake.inbox.accept([hookEvent('waiting')]).then((result) => {
      accepted = true;
      return result;
    });
    const intakeTransaction = intake.transaction((tx) => tx.inbox.accept([hookEvent('in-tx')]));
    // Timers run while the intake waits: its thread is not asleep in SQLite (a blocking busy
    // timeout would hold this test's one thread until the worker, on the same thread, could
    // never release, and fail with SQLITE_BUSY after 5 s).
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(accepted).toBe(false);

    release();
    await workerTransaction;
    expect(await intakeAccept).toMatchObject({ accepted: 1 });
    expect(await intakeTransaction).toMatchObject({ accepted: 1 });
    expect(await worker.inbox.has('waiting')).toBe(true);
    expect(await worker.inbox.has('in-tx')).toBe(true);
  });
});
