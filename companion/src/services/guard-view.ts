import type { Logger } from '../logger.js';
import type { SyncSettings } from '../mapping/types.js';
import { guardThreshold, type GuardState } from '../workflows/blast-radius-guard.js';
import type { GuardService } from '../workflows/guard-service.js';
import type { SyncConfigSource } from '../workflows/sync-config-source.js';
import { configIfLoaded } from './current-config.js';

export interface GuardView {
  tripped: boolean;
  trippedAt: string | null;
  /** After a confirmation, deactivations pass until this instant. */
  releasedUntil: string | null;
  /** Deactivations allowed per window; null when the linked-Contact count is unknown. */
  threshold: number | null;
  /** Deactivations applied within the current window. */
  inWindow: number;
  windowMinutes: number | null;
  /** Changes (deactivations) waiting for a person to confirm them. */
  held: number;
}

const isoOrNull = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toISOString();

/** Pure: the blast-radius guard as the setup page shows it. */
export function guardView(input: {
  state: GuardState;
  settings: SyncSettings | undefined;
  linkedContacts: number | null;
  held: number;
  now: Date;
}): GuardView {
  const { state, settings } = input;
  const windowMs = settings ? settings.blastRadiusWindowMinutes * 60_000 : null;
  return {
    tripped: state.trippedAt !== null,
    trippedAt: isoOrNull(state.trippedAt),
    releasedUntil:
      state.releasedUntil !== null && state.releasedUntil > input.now.getTime()
        ? isoOrNull(state.releasedUntil)
        : null,
    threshold:
      settings && input.linkedContacts !== null
        ? guardThreshold(input.linkedContacts, settings)
        : null,
    inWindow:
      windowMs === null
        ? state.recent.length
        : state.recent.filter((t) => t > input.now.getTime() - windowMs).length,
    windowMinutes: settings?.blastRadiusWindowMinutes ?? null,
    held: input.held,
  };
}

export interface GuardViewDeps {
  guard: Pick<GuardService, 'state'>;
  syncConfig: SyncConfigSource;
  /** Linked Contacts, for the threshold; the threshold shows as null without it. */
  linkedContacts?: (() => Promise<number>) | undefined;
  /** How many changes the guard holds (`countHeldChanges`); 0 without it. */
  heldChanges?: (() => Promise<number>) | undefined;
  logger: Logger;
  now: () => Date;
}

/** The guard's current view; a failing Contact count only hides the threshold. */
export async function readGuardView(deps: GuardViewDeps): Promise<GuardView> {
  let linked: number | null = null;
  if (deps.linkedContacts) {
    try {
      linked = await deps.linkedContacts();
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not count linked Contacts for the guard threshold');
    }
  }
  return guardView({
    state: await deps.guard.state(),
    settings: configIfLoaded(deps.syncConfig)?.settings,
    linkedContacts: linked,
    held: (await deps.heldChanges?.()) ?? 0,
    now: deps.now(),
  });
}
