import type { SyncConfig } from '../mapping/types.js';
import type { CursorStore } from '../store/types.js';
import {
  EMPTY_GUARD_STATE,
  decideDeactivations,
  releaseGuard,
  type GuardState,
} from './blast-radius-guard.js';
import type { GuardPort } from './okta-user-sync.js';

const STATE_CURSOR = 'guard.blastRadius';
const COUNT_TTL_MS = 5 * 60_000;

export interface GuardService extends GuardPort {
  state(): GuardState & { tripped: boolean };
  /** A person confirmed the held deactivations. */
  release(config: SyncConfig): GuardState;
}

/** The blast-radius guard with its state kept in the store, so a restart does not reset it. */
export function createGuardService(deps: {
  cursors: CursorStore;
  countLinkedContacts: () => Promise<number>;
  onTrip: (info: { threshold: number; inWindow: number; requested: number }) => void;
  /** Lets the held jobs run now. */
  onRelease: () => void;
  now?: () => Date;
}): GuardService {
  const now = deps.now ?? (() => new Date());
  let linked: { count: number; at: number } | undefined;

  const read = (): GuardState => {
    const raw = deps.cursors.get(STATE_CURSOR);
    return raw ? (JSON.parse(raw) as GuardState) : EMPTY_GUARD_STATE;
  };
  const write = (state: GuardState) => deps.cursors.set(STATE_CURSOR, JSON.stringify(state));

  async function linkedContacts(): Promise<number> {
    const at = now().getTime();
    if (!linked || at - linked.at > COUNT_TTL_MS)
      linked = { count: await deps.countLinkedContacts(), at };
    return linked.count;
  }

  return {
    async admit(requested, config) {
      const count = await linkedContacts();
      const before = read();
      const decision = decideDeactivations({
        state: before,
        requested,
        linkedContacts: count,
        settings: config.settings,
        now: now().getTime(),
      });
      write(decision.state);
      if (decision.held) {
        deps.onTrip({ threshold: decision.threshold, inWindow: decision.inWindow, requested });
      }
      return { allowed: decision.allowed, held: decision.held };
    },
    state() {
      const state = read();
      return { ...state, tripped: state.trippedAt !== null };
    },
    release(config) {
      const state = releaseGuard(read(), now().getTime(), config.settings);
      write(state);
      deps.onRelease();
      return state;
    },
  };
}
