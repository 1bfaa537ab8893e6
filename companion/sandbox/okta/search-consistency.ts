/**
 * Okta's Users `search` is eventually consistent: a write becomes visible to it only after a lag,
 * while `filter`, `q` and GET by id see it at once (Users API, "List all users": search results
 * are eventually consistent). Search answers from a view that shows each user as it was before
 * its latest write until that write is `lagMs` old; a user created within the lag is not found.
 * Deletions are seen at once.
 */
import type { LogEvent } from './log-events.js';
import type { OktaState, UserRecord } from './state.js';

export class SearchConsistency {
  /** Search's copy of each user as of its last caught-up write (shallow: profiles are replaced). */
  #caughtUp = new Map<string, UserRecord>();
  /** Users written within the lag: when, and what search shows meanwhile (undefined: not found). */
  readonly #pending = new Map<string, { at: number; shown: UserRecord | undefined }>();

  constructor(
    private readonly lagMs: number,
    private readonly now: () => number,
  ) {}

  /** Starts from an org's current users, all visible to search. */
  reset(state: OktaState): void {
    this.#pending.clear();
    this.#caughtUp = new Map([...state.users].map(([id, u]) => [id, { ...u }]));
  }

  /** Notes the writes a System Log event records (its User targets). */
  noteEvent(event: LogEvent, state: OktaState): void {
    for (const target of event.target ?? []) {
      if (target.type !== 'User' || !state.users.has(target.id)) continue;
      const shown = this.#pending.get(target.id)?.shown ?? this.#caughtUp.get(target.id);
      this.#pending.set(target.id, { at: this.now(), shown });
    }
  }

  /** The user as search sees it now, or undefined when search does not see it yet. */
  view(user: UserRecord): UserRecord | undefined {
    const pending = this.#pending.get(user.id);
    if (pending === undefined) return user;
    if (this.now() - pending.at < this.lagMs) return pending.shown;
    this.#pending.delete(user.id);
    this.#caughtUp.set(user.id, { ...user });
    return user;
  }
}
