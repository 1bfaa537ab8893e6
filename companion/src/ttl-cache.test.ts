import { describe, expect, it } from 'vitest';
import { cachedFor } from './ttl-cache.js';

describe('cachedFor', () => {
  it('loads once within the time to live and again after it', async () => {
    let clock = 0;
    let loads = 0;
    const get = cachedFor(
      1000,
      async () => ++loads,
      () => clock,
    );
    expect(await Promise.all([get(), get()])).toEqual([1, 1]);
    clock = 1000;
    expect(await get()).toBe(1);
    clock = 1001;
    expect(await get()).toBe(2);
  });

  it('forgets a failed load so the next call tries again', async () => {
    let attempt = 0;
    const get = cachedFor(60_000, async () => {
      attempt += 1;
      if (attempt === 1) throw new Error('not yet');
      return 'ok';
    });
    await expect(get()).rejects.toThrow('not yet');
    expect(await get()).toBe('ok');
  });
});
