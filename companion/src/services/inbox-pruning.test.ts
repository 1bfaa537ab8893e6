import { describe, expect, it } from 'vitest';
import { INBOX_RETENTION_MS, pruneInbox } from './inbox-pruning.js';

describe('inbox pruning', () => {
  it('forgets processed events older than a week', async () => {
    const cutoffs: Date[] = [];
    const pruned = await pruneInbox(
      {
        pruneProcessed: async (olderThan) => {
          cutoffs.push(olderThan);
          return 5;
        },
      },
      new Date('2026-03-10T12:00:00.000Z'),
    );
    expect(pruned).toBe(5);
    expect(cutoffs).toEqual([new Date('2026-03-03T12:00:00.000Z')]);
    expect(INBOX_RETENTION_MS).toBe(7 * 24 * 3600_000);
  });
});
