import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { createGroupNames } from './group-names.js';

const GROUPS: Record<string, string> = { '00gSales': 'Sales EMEA', '00gOps': 'Operations' };

function world() {
  const reads: string[] = [];
  let clock = Date.parse('2026-03-01T10:00:00.000Z');
  let down = false;
  const names = createGroupNames({
    getGroup: async (groupId) => {
      reads.push(groupId);
      if (down) throw new Error('Okta is unreachable');
      const name = GROUPS[groupId];
      return name ? { id: groupId, name, description: null } : null;
    },
    logger: silentLogger(),
    now: () => new Date(clock),
    keepMs: 60_000,
  });
  return {
    names,
    reads,
    advance: (ms: number) => (clock += ms),
    setDown: (value: boolean) => (down = value),
  };
}

describe('Okta group names for notifications', () => {
  it('names groups, and a group Okta no longer has by its id', async () => {
    const { names } = world();
    const read = await names.namesOf(['00gSales', '00gGone', '00gSales']);
    expect([...read]).toEqual([
      ['00gSales', 'Sales EMEA'],
      ['00gGone', '00gGone'],
    ]);
  });

  it('reads each group once while its name is kept, and again after', async () => {
    const { names, reads, advance } = world();
    await names.namesOf(['00gSales', '00gGone']);
    await names.namesOf(['00gSales', '00gGone', '00gOps']);
    expect(reads).toEqual(['00gSales', '00gGone', '00gOps']);
    advance(60_000);
    await names.namesOf(['00gSales']);
    expect(reads).toEqual(['00gSales', '00gGone', '00gOps', '00gSales']);
  });

  it('falls back to the last name known, or the id, when Okta cannot be asked', async () => {
    const { names, reads, advance, setDown } = world();
    await names.namesOf(['00gSales']);
    advance(60_000);
    setDown(true);
    const read = await names.namesOf(['00gSales', '00gOps']);
    expect(read.get('00gSales')).toBe('Sales EMEA');
    expect(read.get('00gOps')).toBe('00gOps');
    // Nothing unreadable is remembered: the next read asks Okta again.
    setDown(false);
    expect((await names.namesOf(['00gOps'])).get('00gOps')).toBe('Operations');
    expect(reads.filter((id) => id === '00gOps')).toHaveLength(2);
  });
});
