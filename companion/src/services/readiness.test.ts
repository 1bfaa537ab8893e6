import { describe, expect, it } from 'vitest';
import { readinessChecks, type ReadinessDeps } from './readiness.js';

const deps = (over: Partial<ReadinessDeps> = {}): ReadinessDeps => ({
  store: async () => ({ ok: true }),
  okta: async () => ({ ok: true }),
  salesforce: async () => ({ ok: true }),
  cdcChannels: () => ({ '/data/ContactChangeEvent': { state: 'connected' as const } }),
  cdcRequired: true,
  schedule: () => ({ cron: null, nextRunAt: null, error: null }),
  syncConfig: {
    state: () => ({ loadedAt: '2026-01-01T00:00:00.000Z', problems: [], lastError: undefined }),
  },
  ...over,
});

const run = async (d: ReadinessDeps) =>
  Object.fromEntries(
    await Promise.all(readinessChecks(d).map(async (c) => [c.name, (await c.check()).ok])),
  );

describe('readiness checks', () => {
  it('are all ok when every dependency answers', async () => {
    expect(await run(deps())).toEqual({
      store: true,
      okta: true,
      salesforce: true,
      cdc: true,
      reconciliation: true,
      config: true,
    });
  });

  it('fail on a CDC channel that is down only where CDC runs', async () => {
    const stalled = () => ({ '/data/ContactChangeEvent': { state: 'stalled' as const } });
    expect((await run(deps({ cdcChannels: stalled }))).cdc).toBe(false);
    expect((await run(deps({ cdcChannels: stalled, cdcRequired: false }))).cdc).toBe(true);
  });

  it('fail until a configuration was loaded', async () => {
    const syncConfig = {
      state: () => ({ loadedAt: undefined, problems: [], lastError: 'INVALID_SESSION_ID' }),
    };
    expect((await run(deps({ syncConfig }))).config).toBe(false);
  });
});
