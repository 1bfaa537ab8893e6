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
  state(): Promise<GuardState & { tripped: boolean }>;
  /** A person confirmed the held deactivations. */
  release(config: SyncConfig): Promise<GuardState>;
}

/** The blast-radius guard with its state kept in the store, so a restart does not reset it. */
export function createGuardService(deps: {
  cursors: CursorStore;
  /**
   * Runs a read and write of the guard's state as one unit across instances (a store
   * transaction, whose cursors lock the state); alone, the calls run as they come.
   */
  exclusive?: <T>(fn: (cursors: CursorStore) => Promise<T>) => Promise<T>;
  countLinkedContacts: () => Promise<number>;
  onTrip: (info: { threshold: number; inWindow: number; requested: number }) => void;
  /** Lets the held jobs run now. */
  onRelease: () => void | Promise<void>;
  now?: () => Date;
}): GuardService {
  const now = deps.now ?? (() => new Date());
  let linked: { count: number; at: number } | undefined;

  const exclusive = deps.exclusive ?? ((fn) => fn(deps.cursors));
  const parse = (raw: string | undefined): GuardState =>
    raw ? (JSON.parse(raw) as GuardState) : EMPTY_GUARD_STATE;
  const read = async (): Promise<GuardState> => parse(await deps.cursors.get(STATE_CURSOR));
  /** Reads the state, and writes the one `next` returns, with no other instance in between. */
  const update = <T>(next: (state: GuardState) => { state: GuardState; result: T }) =>
    exclusive(async (cursors) => {
      const { state, result } = next(parse(await cursors.lock(STATE_CURSOR)));
      await cursors.set(STATE_CURSOR, JSON.stringify(state));
      return result;
    });
  // A decision reads the state and writes the next one: decisions take turns, so two batches
  // admitted at once cannot both start from the same state.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(decide: () => Promise<T>): Promise<T> => {
    const result = turn.then(decide);
    turn = result.catch(() => undefined);
    return result;
  };

  async function linkedContacts(): Promise<number> {
    const at = now().getTime();
    if (!linked || at - linked.at > COUNT_TTL_MS)
      linked = { count: await deps.countLinkedContacts(), at };
    return linked.count;
  }

  return {
    async admit(requested, config) {
      const count = await linkedContacts();
      return inTurn(() => decide(requested, count, config));
    },
    async state() {
      const state = await read();
      return { ...state, tripped: state.trippedAt !== null };
    },
    release: (config) =>
      inTurn(async () => {
        const state = await update((before) => {
          const released = releaseGuard(before, now().getTime(), config.settings);
          return { state: released, result: released };
        });
        await deps.onRelease();
        return state;
      }),
  };

  async function decide(requested: number, count: number, config: SyncConfig) {
    const decision = await update((before) => {
      const decided = decideDeactivations({
        state: before,
        requested,
        linkedContacts: count,
        settings: config.settings,
        now: now().getTime(),
      });
      return { state: decided.state, result: decided };
    });
    if (decision.held) {
      deps.onTrip({ threshold: decision.threshold, inWindow: decision.inWindow, requested });
    }
    return { allowed: decision.allowed, held: decision.held };
  }
}
