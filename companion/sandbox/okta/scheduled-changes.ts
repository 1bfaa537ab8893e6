/**
 * Profile changes an administrator will make at given times, planned ahead. The events they
 * log are built when they are planned, so that a load generator can deliver them as event hooks
 * on schedule without asking the org; each change is made the first time the org is looked at
 * on or after its time (before an API request is answered, when the handle's state is read, and
 * by a timer), so whoever reads a user after a change's time sees it, however busy the
 * emulator's process is.
 */
import type { Directory } from './directory.js';
import { buildLogEvent, type ActionContext, type LogEvent } from './log-events.js';
import type { LogRecorder } from './log-recorder.js';
import { uuid } from './okta-ids.js';
import type { ProfileValue, UserProfile } from './profile-schema.js';
import type { UserRecord } from './state.js';

export interface ScheduledProfileUpdate {
  idOrLogin: string;
  /** Merged into the profile, as a console edit or `POST /api/v1/users/{id}` does. */
  profile: Record<string, ProfileValue>;
  /** When the change is made, ms since the epoch. */
  atMs: number;
}

interface Planned {
  user: UserRecord;
  patch: Record<string, ProfileValue>;
  atMs: number;
  event: LogEvent;
}

export class ScheduledChanges {
  #queue: Planned[] = [];
  #next = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      directory: Directory;
      recorder: LogRecorder;
      context: () => ActionContext;
      nowMs: () => number;
    },
  ) {}

  /**
   * Plans the updates (in time order) and returns the event each one will log, with the same
   * uuid and `published` time as the System Log will have. An update that changes nothing logs
   * nothing and has no event; an invalid one throws, and then nothing is planned.
   */
  schedule(updates: readonly ScheduledProfileUpdate[]): (LogEvent | undefined)[] {
    const lastAt = this.#queue[this.#queue.length - 1]?.atMs ?? -Infinity;
    const projected = new Map<UserRecord, UserProfile>();
    const planned: Planned[] = [];
    const events = updates.map((update, index) => {
      const previousAt = index === 0 ? lastAt : (updates[index - 1] as ScheduledProfileUpdate).atMs;
      if (update.atMs < previousAt) {
        throw new Error(`scheduled updates must be in time order (update ${index} goes back)`);
      }
      const user = this.deps.directory.requireUser(update.idOrLogin);
      const current = projected.get(user) ?? this.#projectedProfile(user);
      const plan = this.deps.directory.planProfileUpdate(user, current, update.profile, 'merge');
      projected.set(user, plan.profile);
      if (!plan.event) return undefined;
      const event = buildLogEvent(plan.event, this.deps.context(), {
        uuid: uuid(),
        published: new Date(update.atMs).toISOString(),
      });
      planned.push({ user, patch: update.profile, atMs: update.atMs, event });
      return event;
    });
    this.#queue.push(...planned);
    this.#arm();
    return events;
  }

  /** Makes every change whose time has come, in order. */
  applyDue(): void {
    const now = this.deps.nowMs();
    while (this.#next < this.#queue.length) {
      const change = this.#queue[this.#next] as Planned;
      if (change.atMs > now) break;
      this.#next += 1;
      this.#apply(change);
    }
    if (this.#next === this.#queue.length) {
      this.#queue = [];
      this.#next = 0;
    }
  }

  get pending(): number {
    return this.#queue.length - this.#next;
  }

  /** Drops the changes not yet made (the org is reset or closing). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue = [];
    this.#next = 0;
  }

  #apply(change: Planned): void {
    // Merged into the profile as it is now, so that changes made since planning stay. A change
    // Okta would now refuse (the user deprovisioned since, the login taken) is not made and
    // logs nothing, as the administrator's edit would have failed.
    let profile: UserProfile;
    try {
      profile = this.deps.directory.planProfileUpdate(
        change.user,
        change.user.profile,
        change.patch,
        'merge',
      ).profile;
    } catch {
      return;
    }
    this.deps.directory.setUpdatedProfile(change.user, profile);
    this.deps.recorder.append(change.event);
  }

  /** The profile a user will have once the changes already planned for them are made. */
  #projectedProfile(user: UserRecord): UserProfile {
    let profile = user.profile;
    for (let i = this.#next; i < this.#queue.length; i++) {
      const change = this.#queue[i] as Planned;
      if (change.user === user) profile = { ...profile, ...change.patch };
    }
    return profile;
  }

  #arm(): void {
    if (this.#timer || this.pending === 0) return;
    const next = this.#queue[this.#next] as Planned;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.applyDue();
        this.#arm();
      },
      Math.max(0, next.atMs - this.deps.nowMs()),
    );
    this.#timer.unref();
  }
}
