import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { storeFiles } from './store-file-test-fixtures.js';

/**
 * A transaction that reads before it writes must take the write lock when it begins (BEGIN
 * IMMEDIATE). Begun as a plain read, its write finds the database changed by a commit made
 * since its read and fails at once with SQLITE_BUSY, whatever the busy timeout: a worker's
 * whole batch failed so whenever an intake committed in between.
 */
describe('a write transaction that reads first, beside another connection', () => {
  const files = storeFiles();
  const others: Database.Database[] = [];
  afterEach(async () => {
    for (const db of others.splice(0)) db.close();
    await files.cleanup();
  });

  /**
   * A store whose clock, once armed, lets another connection commit a write: the store reads
   * its clock inside the transaction, after reading and before writing.
   */
  function storeWithInterleavedWrite() {
    const path = files.file();
    let armed = false;
    const other = new Database(path);
    other.pragma('busy_timeout = 0');
    others.push(other);
    const store = files.open({
      path,
      now: () => {
        if (armed) {
          armed = false;
          try {
            other
              .prepare("INSERT INTO cursors (name, value, updated_at) VALUES ('x', 'y', 0)")
              .run();
          } catch {
            // The store already holds the write lock: nothing could commit in between.
          }
        }
        return new Date(0);
      },
    });
    return { store, arm: () => (armed = true) };
  }

  it('records sync baselines', async () => {
    const { store, arm } = storeWithInterleavedWrite();
    arm();
    await store.syncBaselines.record([{ oktaUserId: '00u1', values: { title: 'A' } }]);
    expect((await store.syncBaselines.get(['00u1'])).get('00u1')?.values).toEqual({ title: 'A' });
  });
});
