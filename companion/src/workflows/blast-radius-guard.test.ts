import { describe, expect, it } from 'vitest';
import { EMPTY_GUARD_STATE, decideDeactivations, releaseGuard } from './blast-radius-guard.js';

const settings = {
  blastRadiusPercent: 5,
  blastRadiusMinContacts: 20,
  blastRadiusWindowMinutes: 60,
};
const minute = 60_000;

describe('blast-radius guard', () => {
  it('lets deactivations through up to the share of linked contacts', () => {
    const decision = decideDeactivations({
      state: EMPTY_GUARD_STATE,
      requested: 30,
      linkedContacts: 1000,
      settings,
      now: 0,
    });
    expect(decision.threshold).toBe(50);
    expect(decision).toMatchObject({ allowed: 30, held: false });
    expect(decision.state.recent).toHaveLength(30);
  });

  it('never goes below the minimum for small orgs', () => {
    const decision = decideDeactivations({
      state: EMPTY_GUARD_STATE,
      requested: 15,
      linkedContacts: 40,
      settings,
      now: 0,
    });
    expect(decision).toMatchObject({ allowed: 15, held: false, threshold: 20 });
  });

  it('trips, holds the rest, and stays tripped until released', () => {
    const first = decideDeactivations({
      state: EMPTY_GUARD_STATE,
      requested: 60,
      linkedContacts: 1000,
      settings,
      now: 0,
    });
    expect(first).toMatchObject({ allowed: 50, held: true });
    expect(first.state.trippedAt).toBe(0);

    // Even after the window, a tripped guard waits for a person.
    const later = decideDeactivations({
      state: first.state,
      requested: 1,
      linkedContacts: 1000,
      settings,
      now: 120 * minute,
    });
    expect(later).toMatchObject({ allowed: 0, held: true });

    const released = releaseGuard(later.state, 121 * minute, settings);
    const after = decideDeactivations({
      state: released,
      requested: 500,
      linkedContacts: 1000,
      settings,
      now: 122 * minute,
    });
    expect(after).toMatchObject({ allowed: 500, held: false });
    expect(after.state.trippedAt).toBeNull();
  });

  it('forgets deactivations older than the window', () => {
    const first = decideDeactivations({
      state: EMPTY_GUARD_STATE,
      requested: 50,
      linkedContacts: 1000,
      settings,
      now: 0,
    });
    const next = decideDeactivations({
      state: first.state,
      requested: 50,
      linkedContacts: 1000,
      settings,
      now: 61 * minute,
    });
    expect(next).toMatchObject({ allowed: 50, held: false, inWindow: 0 });
  });
});
