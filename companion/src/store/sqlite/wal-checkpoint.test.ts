import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundEvent, Store } from '../types.js';
import { openSqliteStore } from './open-sqlite-store.js';

const PAGE = 4096;

/** 40 commits of about 160 KB each: 6.4 MB of WAL, over 1,500 pages. */
async function writeBurst(store: Store) {
  const padding = 'x'.repeat(2000);
  for (let batch = 0; batch < 40; batch++) {
    const events: InboundEvent[] = Array.from({ length: 80 }, (_, i) => ({
      source: 'okta-hook',
      eventId: `ev-${batch}-${i}`,
      eventType: 'user.account.update_profile',
      subjectKey: `okta-user:${batch}-${i}`,
      jobKind: 'okta-user-sync',
      occurredAt: '2026-03-01T10:00:00.000Z',
      payload: { padding },
    }));
    await store.inbox.accept(events);
  }
}

describe('SQLite WAL checkpoints', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const open = (walAutocheckpointPages?: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'okta-sync-wal-'));
    dirs.push(dir);
    const path = join(dir, 'companion.sqlite');
    const store = openSqliteStore({
      path,
      ...(walAutocheckpointPages === undefined ? {} : { walAutocheckpointPages }),
    });
    stores.push(store);
    return { store, walPages: () => statSync(`${path}-wal`).size / PAGE };
  };

  it("checkpoints in a commit past SQLite's 1,000 pages by default", async () => {
    const { store, walPages } = open();
    await writeBurst(store);
    // Reset after a checkpoint, the WAL is rewritten from its start: it never grows much past
    // the threshold and one commit.
    expect(walPages()).toBeLessThan(1_300);
  });

  it("leaves checkpoints to others below an intake's threshold", async () => {
    const { store, walPages } = open(10_000);
    await writeBurst(store);
    expect(walPages()).toBeGreaterThan(1_500);
  });
});
