import { describe, expect, it } from 'vitest';
import { healthStatus, type HealthSnapshot, type InstanceView } from './health-snapshot.js';
import { readinessChecks } from './readiness.js';

const follower: InstanceView = {
  instanceId: 'host-b-8787',
  leader: 'host-a-8787',
  isLeader: false,
  leaderSince: null,
  election: 'lease',
};
const leader: InstanceView = { ...follower, instanceId: 'host-a-8787', isLeader: true };

function snapshot(instance: InstanceView): Omit<HealthSnapshot, 'status'> {
  return {
    queue: { pending: 0, leased: 0, delayed: 0, deadLetters: 0, lagSeconds: 0 },
    channels: {
      '/data/ContactChangeEvent': { state: 'stopped', lagSeconds: null, lastEventAt: null },
    },
    poller: { lastPollAt: null, lastError: null },
    lastEvents: [],
    errors: { deadLetters: 0, failedLastHour: 0 },
    guard: { tripped: false } as HealthSnapshot['guard'],
    config: { loadedAt: null, problems: [], lastError: null },
    reconciliation: null,
    schedule: null,
    instance,
  };
}

describe('health of one of several instances', () => {
  it('does not count the CDC channels of an instance that does not lead (the leader holds them)', () => {
    expect(healthStatus(snapshot(follower))).toBe('ok');
    expect(healthStatus(snapshot(leader))).toBe('degraded');
    expect(healthStatus(snapshot({ ...follower, election: 'single-instance' }))).toBe('degraded');
  });

  it('shows this instance and the leader in readiness, and requires CDC only on the leader', async () => {
    let leads = false;
    const checks = readinessChecks({
      store: async () => ({ ok: true }),
      okta: async () => ({ ok: true }),
      salesforce: async () => ({ ok: true }),
      cdcChannels: () => ({ '/data/ContactChangeEvent': { state: 'stalled' as const } }),
      cdcRequired: () => leads,
      leadership: () => (leads ? leader : follower),
      schedule: () => ({ cron: null, nextRunAt: null, error: null }),
      syncConfig: { state: () => ({ loadedAt: 'x', problems: [], lastError: undefined }) },
    });
    const result = async (name: string) => checks.find((c) => c.name === name)?.check();
    expect(await result('leadership')).toEqual({ ok: true, detail: follower });
    expect((await result('cdc'))?.ok).toBe(true);
    leads = true;
    expect((await result('cdc'))?.ok).toBe(false);
  });
});
