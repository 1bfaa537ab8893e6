import { afterEach, describe, expect, it, vi } from 'vitest';
import { hookEvent } from '../inbound-event-test-fixtures.js';
import { DATA_VERSION_POLL_MS } from './data-version-watch.js';
import { storeFiles } from './store-file-test-fixtures.js';

describe('SQLite watchJobs', () => {
  const files = storeFiles();
  afterEach(async () => {
    vi.useRealTimers();
    await files.cleanup();
  });

  const twoConnections = () => {
    const path = files.file();
    return { worker: files.open({ path }), intake: files.open({ path }) };
  };

  it("calls the listener for another connection's commits, never for its own", async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { worker, intake } = twoConnections();
    const listener = vi.fn();
    const watch = worker.watchJobs(listener);
    await vi.advanceTimersByTimeAsync(DATA_VERSION_POLL_MS * 2);

    await worker.inbox.accept([hookEvent('own')]);
    await vi.advanceTimersByTimeAsync(DATA_VERSION_POLL_MS * 4);
    expect(listener).not.toHaveBeenCalled();

    await intake.inbox.accept([hookEvent('other')]);
    await vi.advanceTimersByTimeAsync(DATA_VERSION_POLL_MS);
    expect(listener).toHaveBeenCalledTimes(1);

    await watch.stop();
    await intake.inbox.accept([hookEvent('after-stop')]);
    await vi.advanceTimersByTimeAsync(DATA_VERSION_POLL_MS * 4);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('stops watching when the store closes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { worker, intake } = twoConnections();
    const listener = vi.fn();
    worker.watchJobs(listener);
    await vi.advanceTimersByTimeAsync(DATA_VERSION_POLL_MS);
    await worker.close();
    await intake.inbox.accept([hookEvent('late')]);
    await vi.advanceTimersByTimeAsync(DATA_VERSION_POLL_MS * 4);
    expect(listener).not.toHaveBeenCalled();
  });
});
