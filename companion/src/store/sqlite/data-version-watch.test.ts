import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InboundEvent, Store } from '../types.js';
import { DATA_VERSION_POLL_MS } from './data-version-watch.js';
import { openSqliteStore } from './open-sqlite-store.js';

const event = (eventId: string): InboundEvent => ({
  source: 'okta-hook',
  eventId,
  eventType: 'user.account.update_profile',
  subjectKey: `okta-user:${eventId}`,
  jobKind: 'okta-user-sync',
  occurredAt: '2026-03-01T10:00:00.000Z',
  payload: {},
});

describe('SQLite watchJobs', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const twoConnections = () => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-sync-watch-'));
    dirs.push(dir);
    const path = join(dir, 'companion.sqlite');
    const worker = openSqliteStore({ path });
    const intake = openSqliteStore({ path });
    stores.push(worker, intake);
    return { worker, intake };
  };

  it("calls the listener for another connection's commits, never for its own", async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { worker, intake } = twoConnections();
    const listener = vi.fn();
    const watch = worker.watchJobs(listener);
    await vi.advanceTimersByTimeAsync(DATA_VERSION_POLL_MS * 2);

    await worker.inbox.accept([event('own')]);
    await vi.advanceTimersByTimeAsync(DATA_VERSION_POLL_MS * 4);
    expect(listener).not.toHaveBeenCalled();

    await intake.inbox.accept([event('other')]);
    await vi.advanceTimersByTimeAsync(DATA_VERSION_POLL_MS);
    expect(listener).toHaveBeenCalledTimes(1);

    await watch.stop();
    await intake.inbox.accept([event('after-stop')]);
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
    await intake.inbox.accept([event('late')]);
    await vi.advanceTimersByTimeAsync(DATA_VERSION_POLL_MS * 4);
    expect(listener).not.toHaveBeenCalled();
  });
});
