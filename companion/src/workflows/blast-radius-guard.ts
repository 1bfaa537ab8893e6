import type { SyncSettings } from '../mapping/types.js';

/**
 * Stops a flood of deprovisionings (a mis-scoped Okta rule, a bad import) before it
 * empties the CRM: within a sliding window, at most a configured share of the linked
 * Contacts may be deactivated. Past that, deactivations are held until someone confirms.
 */

export interface GuardState {
  /** Epoch milliseconds of the deactivations applied within the window. */
  recent: number[];
  /** Set when the guard stopped deactivations; cleared by a confirmation. */
  trippedAt: number | null;
  /** A confirmation lets deactivations through until this instant. */
  releasedUntil: number | null;
}

export const EMPTY_GUARD_STATE: GuardState = { recent: [], trippedAt: null, releasedUntil: null };

export type GuardSettings = Pick<
  SyncSettings,
  'blastRadiusPercent' | 'blastRadiusMinContacts' | 'blastRadiusWindowMinutes'
>;

export interface GuardDecision {
  /** How many of the requested deactivations may go ahead now. */
  allowed: number;
  /** True when some were held back: the guard is (or stays) tripped. */
  held: boolean;
  threshold: number;
  inWindow: number;
  state: GuardState;
}

export function guardThreshold(linkedContacts: number, settings: GuardSettings): number {
  return Math.max(
    settings.blastRadiusMinContacts,
    Math.floor((linkedContacts * settings.blastRadiusPercent) / 100),
  );
}

/** Pure: how many of `requested` new deactivations may proceed at `now`. */
export function decideDeactivations(input: {
  state: GuardState;
  requested: number;
  linkedContacts: number;
  settings: GuardSettings;
  now: number;
}): GuardDecision {
  const windowMs = input.settings.blastRadiusWindowMinutes * 60_000;
  const recent = input.state.recent.filter((t) => t > input.now - windowMs);
  const threshold = guardThreshold(input.linkedContacts, input.settings);
  const released = input.state.releasedUntil !== null && input.state.releasedUntil > input.now;
  const room = released ? input.requested : Math.max(0, threshold - recent.length);
  const tripped = input.state.trippedAt !== null && !released;
  const allowed = tripped ? 0 : Math.min(input.requested, room);
  const held = allowed < input.requested;
  const stamped = [...recent, ...Array.from({ length: allowed }, () => input.now)];
  return {
    allowed,
    held,
    threshold,
    inWindow: recent.length,
    state: {
      recent: stamped,
      trippedAt: held
        ? (input.state.trippedAt ?? input.now)
        : released
          ? null
          : input.state.trippedAt,
      releasedUntil: released ? input.state.releasedUntil : null,
    },
  };
}

/** A person confirmed the deactivations are intended: let them through for one window. */
export function releaseGuard(state: GuardState, now: number, settings: GuardSettings): GuardState {
  return {
    ...state,
    trippedAt: null,
    releasedUntil: now + settings.blastRadiusWindowMinutes * 60_000,
  };
}
