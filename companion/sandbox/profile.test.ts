import { describe, expect, it } from 'vitest';
import { INSTANT_TIMING, REALISTIC_TIMING, profileFromEnv, sandboxProfile } from './profile.js';

describe('sandbox profiles', () => {
  it('reads SANDBOX_PROFILE, instant by default', () => {
    expect(profileFromEnv({}).name).toBe('instant');
    expect(profileFromEnv({ SANDBOX_PROFILE: 'realistic' }).okta).toEqual(REALISTIC_TIMING.okta);
    expect(profileFromEnv({ SANDBOX_PROFILE: ' instant ' }).salesforce).toEqual(
      INSTANT_TIMING.salesforce,
    );
  });

  it('refuses any other value with a message naming the variable', () => {
    expect(() => profileFromEnv({ SANDBOX_PROFILE: 'slow' })).toThrow(
      'SANDBOX_PROFILE must be "realistic" or "instant", not "slow".',
    );
  });

  it('overrides single knobs and draws reproducibly from its seed', () => {
    const a = sandboxProfile('realistic', { okta: { searchLagMs: 5 }, seed: 42 });
    const b = sandboxProfile('realistic', { seed: 42 });
    expect(a.okta.searchLagMs).toBe(5);
    expect(a.okta.hookDelay).toEqual(REALISTIC_TIMING.okta.hookDelay);
    expect([a.random(), a.random()]).toEqual([b.random(), b.random()]);
  });
});
