import { describe, expect, it } from 'vitest';
import { OktaApiFailure } from './errors.js';
import { planLifecycle } from './user-lifecycle.js';

const code = (result: ReturnType<typeof planLifecycle>) =>
  result instanceof OktaApiFailure ? `${result.status} ${result.errorCode}` : result.next;

describe('user lifecycle state machine', () => {
  it('activates STAGED and DEPROVISIONED users; ACTIVE with a password, PROVISIONED without', () => {
    expect(code(planLifecycle('activate', 'STAGED', true))).toBe('ACTIVE');
    expect(code(planLifecycle('activate', 'STAGED', false))).toBe('PROVISIONED');
    expect(code(planLifecycle('activate', 'DEPROVISIONED', false))).toBe('PROVISIONED');
    expect(code(planLifecycle('activate', 'ACTIVE', true))).toBe('403 E0000016');
    expect(code(planLifecycle('activate', 'PROVISIONED', false))).toBe('403 E0000016');
  });

  it('suspends only ACTIVE users and unsuspends only SUSPENDED ones (400 E0000001)', () => {
    expect(code(planLifecycle('suspend', 'ACTIVE', true))).toBe('SUSPENDED');
    for (const status of ['SUSPENDED', 'LOCKED_OUT', 'PROVISIONED', 'DEPROVISIONED'] as const) {
      expect(code(planLifecycle('suspend', status, true))).toBe('400 E0000001');
    }
    expect(code(planLifecycle('unsuspend', 'SUSPENDED', true))).toBe('ACTIVE');
    expect(code(planLifecycle('unsuspend', 'ACTIVE', true))).toBe('400 E0000001');
  });

  it('unlocks only LOCKED_OUT users; deactivates anything but DEPROVISIONED', () => {
    expect(code(planLifecycle('unlock', 'LOCKED_OUT', true))).toBe('ACTIVE');
    expect(code(planLifecycle('unlock', 'ACTIVE', true))).toBe('403 E0000032');
    expect(code(planLifecycle('deactivate', 'SUSPENDED', true))).toBe('DEPROVISIONED');
    expect(code(planLifecycle('deactivate', 'DEPROVISIONED', false))).toBe('403 E0000038');
    expect(code(planLifecycle('reactivate', 'PROVISIONED', false))).toBe('PROVISIONED');
    expect(code(planLifecycle('reactivate', 'ACTIVE', true))).toBe('403 E0000038');
  });
});
