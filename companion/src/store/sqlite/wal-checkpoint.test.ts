import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { hookEvent } from '../inbound-event-test-fixtures.js';
import type { Store } from '../types.js';
import { storeFiles } from './store-file-test-fixtures.js';

const PAGE = 4096;

/** 40 commits of about 160 KB each: 6.4 MB of WAL, over 1,500 pages. */
async function writeBurst(store: Store) {
  const padding = 'x'.repeat(2000);
  for (let batch = 0; batch < 40; batch++) {
    const events = Array.from({ length: 80 }, (_, i) =>
      hookEvent(`${batch}-${i}`, { payload: { padding } }),
    );
    await store.inbox.accept(events);
  }
}

describe('SQLite WAL checkpoints', () => {
  const files = storeFiles();
  afterEach(() => files.cleanup());
  const open = (walAutocheckpointPages?: number) => {
    const path = files.file();
    const store = files.open({
      path,
      ...(walAutocheckpointPages === undefined ? {} : { walAutocheckpointPages }),
    });
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
