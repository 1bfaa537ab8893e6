import { describe, expect, it } from 'vitest';
import { createQueueIdLookup } from './queue-ids.js';

describe('queue id lookup', () => {
  it('reads each queue once, by quoted DeveloperName', async () => {
    const queries: string[] = [];
    const lookup = createQueueIdLookup(async <T>(soql: string) => {
      queries.push(soql);
      return (soql.includes("'Support'") ? [{ Id: '00G000000000001' }] : []) as T[];
    });
    expect(await lookup('Support')).toBe('00G000000000001');
    expect(await lookup('Support')).toBe('00G000000000001');
    expect(await lookup("O'Brien")).toBeUndefined();
    expect(queries).toEqual([
      "SELECT Id FROM Group WHERE Type = 'Queue' AND DeveloperName = 'Support'",
      "SELECT Id FROM Group WHERE Type = 'Queue' AND DeveloperName = 'O\\'Brien'",
    ]);
  });

  it('reads again after a failed read', async () => {
    let calls = 0;
    const lookup = createQueueIdLookup(async <T>() => {
      calls += 1;
      if (calls === 1) throw new Error('UNABLE_TO_LOCK_ROW');
      return [{ Id: '00G000000000002' }] as T[];
    });
    await expect(lookup('Support')).rejects.toThrow('UNABLE_TO_LOCK_ROW');
    expect(await lookup('Support')).toBe('00G000000000002');
  });
});
